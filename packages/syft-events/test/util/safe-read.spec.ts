import { statSync } from 'node:fs';
import { readFileSafely } from '../../src/util/safe-read.util';

describe('readFileSafely', () => {
  // /proc files report a size of 0 and hold more: like a request that grew after its fstat
  // (the writer's one-byte sync nudge), it must be read to its end, not cut or refused.
  const grown = '/proc/self/status';
  const onLinux = process.platform === 'linux' ? it : it.skip;

  onLinux('reads a file that is longer than fstat said, to its end', () => {
    expect(statSync(grown).size).toBe(0);
    const read = readFileSafely(grown, 1 << 20);
    expect(read).toHaveProperty('bytes');
    const text = (read as { bytes: Buffer }).bytes.toString();
    expect(text).toMatch(/^Name:/);
    expect(text).toMatch(/\nPid:\s+\d+\n/);
  });

  onLinux('refuses it once it grows past the limit', () => {
    const read = readFileSafely(grown, 10);
    expect(read).toEqual({ tooLarge: 11, modifiedAt: expect.any(Number) });
  });
});
