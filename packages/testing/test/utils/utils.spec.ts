import { existsSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { execFileSync } from 'node:child_process';
import {
  createTempDir,
  monotonicMs,
  waitFor,
  WaitForTimeoutError,
} from '@mvent/testing';

describe('createTempDir', () => {
  it('should create a fresh directory and remove it with its content', async () => {
    const dir = await createTempDir('mvent-test-');
    await writeFile(join(dir.path, 'file.txt'), 'x');
    expect(existsSync(join(dir.path, 'file.txt'))).toBe(true);
    await dir.remove();
    await dir.remove();
    expect(existsSync(dir.path)).toBe(false);
  });
});

describe('waitFor', () => {
  it('should resolve with the first truthy value of the condition', async () => {
    let calls = 0;
    const value = await waitFor(() =>
      ++calls >= 3 ? `after ${calls}` : undefined,
    );
    expect(value).toBe('after 3');
  });

  it('should treat a throwing check as not yet, and time out with a described error', async () => {
    const error = await waitFor(
      () => {
        throw new Error('still booting');
      },
      { timeout: 50, description: 'the server' },
    ).catch(e => e);
    expect(error).toBeInstanceOf(WaitForTimeoutError);
    expect(error.message).toMatch(
      /Timed out after 50 ms waiting for the server; last error: still booting/,
    );
  });
});

describe('monotonicMs', () => {
  it("reads one clock in every process: a child's reading falls between two of ours", () => {
    for (let run = 0; run < 5; run++) {
      const before = monotonicMs();
      const child = Number(
        execFileSync(process.execPath, [
          '-e',
          `process.stdout.write(String((${monotonicMs.toString()})()))`,
        ]).toString(),
      );
      const after = monotonicMs();
      expect(child).toBeGreaterThan(before);
      expect(child).toBeLessThan(after);
    }
  });
});
