import { execFileSync, spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { createTempDir } from '@mvent/testing';
import type { TempDir } from '@mvent/testing';

const NATIVE = join(__dirname, '../../native');

/** Builds native/test/event-log-stress.c with AddressSanitizer and UBSan; `undefined` without a compiler. */
function buildStress(dir: string): string | undefined {
  const binary = join(dir, 'event-log-stress');
  try {
    execFileSync(
      process.env.CC || 'cc',
      [
        ...['-O1', '-g', '-Wall', '-Werror', '-fno-omit-frame-pointer'],
        '-fsanitize=address,undefined',
        '-fno-sanitize-recover=all',
        ...['-o', binary],
        join(NATIVE, 'test/event-log-stress.c'),
        join(NATIVE, 'event-log.c'),
      ],
      { stdio: 'pipe' },
    );
    return binary;
  } catch {
    return undefined;
  }
}

/**
 * The event log's writer side (native/event-log.c), run by many processes at once under
 * AddressSanitizer and UBSan: every record whole, in order per writer, and what the reader
 * did not read exactly what the terms' counts say was recycled before it got there.
 */
describe('the event log in C, under sanitizers', () => {
  let dir: TempDir;
  let stress: string | undefined;

  beforeAll(async () => {
    dir = await createTempDir('mvent-native-');
    stress = buildStress(dir.path);
  }, 60_000);
  afterAll(() => dir.remove());

  const run = (writers: number, records: number, termBytes: number) => {
    if (!stress) {
      console.warn(
        'skipped: no C compiler with sanitizers (apt-get install gcc)',
      );
      return undefined;
    }
    const result = spawnSync(
      stress,
      [String(writers), String(records), String(termBytes)],
      { encoding: 'utf8', timeout: 60_000 },
    );
    expect([result.status, result.stderr]).toEqual([0, '']);
    const [, read, missed, total] = /read (\d+) missed (\d+) of (\d+)/
      .exec(result.stdout)!
      .map(Number);
    expect(read + missed).toBe(total);
    expect(total).toBe(writers * records);
    return { read, missed };
  };

  it('loses nothing with 4 writer processes when the log holds everything', () => {
    expect(run(4, 100_000, 4 * 1024 * 1024)?.missed ?? 0).toBe(0);
  }, 60_000);

  it('counts exactly what 12 writers wrote past a reader that fell behind small terms', () => {
    for (let round = 0; round < 3; round++) run(12, 20_000, 64 * 1024);
  }, 120_000);
});
