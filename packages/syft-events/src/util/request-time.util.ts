import { SyftTimestamp } from '../protocol/syft-timestamp';
import { readFileSafely } from './safe-read.util';

/** A request file larger than this is not read for its times (the server refuses it anyway). */
const MAX_READ_BYTES = 4 * 1024 * 1024;

/**
 * A request file's `created` or `expires`, in ms since the epoch, read as every other file of
 * someone else's folder is (never through a link, never blocking on a FIFO); `undefined` when
 * it cannot be read, is not JSON or has no valid time there.
 */
export function readRequestTime(
  path: string,
  field: 'created' | 'expires',
): number | undefined {
  const read = readFileSafely(path, MAX_READ_BYTES);
  if (!('bytes' in read)) return undefined;
  try {
    const raw = JSON.parse(read.bytes.toString('utf8')) as Record<
      string,
      unknown
    >;
    return SyftTimestamp.parse(raw[field])?.millis;
  } catch {
    return undefined;
  }
}
