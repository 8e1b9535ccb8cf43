import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/** Python's `time.sleep(seconds)`, awaited. */
export function sleep(seconds: number): Promise<void> {
  return new Promise(resolve => setTimeout(resolve, seconds * 1000));
}

/**
 * Where the ports keep their pools: `MVENT_POOL_DIR`, or a temporary folder removed at exit,
 * so that the Python names (`example_pool`, `streaming_pool`...) never meet another app's pools.
 */
export const POOLS_DIR =
  process.env.MVENT_POOL_DIR ?? mkdtempSync(join(tmpdir(), 'mvent-07-'));
if (!process.env.MVENT_POOL_DIR) {
  process.once('exit', () =>
    rmSync(POOLS_DIR, { recursive: true, force: true }),
  );
}

/** The pool options every port passes where Python relies on its temp dir. */
export const IN_POOLS_DIR = { dir: POOLS_DIR };

/** Waits until `condition()` holds (checked every 10 ms), as the Python examples' sleeps do. */
export async function until(
  condition: () => boolean,
  timeoutSeconds = 30,
): Promise<void> {
  const deadline = Date.now() + timeoutSeconds * 1000;
  while (!condition()) {
    if (Date.now() > deadline) throw new Error('timed out waiting');
    await sleep(0.01);
  }
}
