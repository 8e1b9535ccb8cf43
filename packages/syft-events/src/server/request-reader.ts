import { readFile, stat } from 'node:fs/promises';
import type { SyftRequest } from '../interfaces/rpc-envelope.interface';
import { parseRequest } from '../protocol/rpc-envelope';
import { sleep } from '../util/walk.util';

/** What reading a request file gave. */
export type ReadOutcome =
  { request: SyftRequest } | { invalid: string } | { gone: true };

/** Limits of {@link readRequestFile}. */
export interface ReadLimits {
  /** Larger files are refused without being read. */
  maxBytes: number;
  /** A file that fails to parse is retried while it was modified less than this long ago. */
  settleMs: number;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads and parses a `.request` file, tolerating writers that are still writing it: a
 * file that does not parse is read again, with a growing pause, until it parses or has
 * not changed for `settleMs`. Only then is it `invalid`, so a file still being written never
 * gets a 400 (Python's B1). The text must be UTF-8, as Python's `read_text` requires.
 */
export async function readRequestFile(
  path: string,
  { maxBytes, settleMs }: ReadLimits,
): Promise<ReadOutcome> {
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    let error: unknown;
    let modifiedAt: number | undefined;
    try {
      const stats = await stat(path);
      if (stats.size > maxBytes) {
        return {
          invalid: `the file is ${stats.size} bytes, over the limit of ${maxBytes} (maxRequestBytes)`,
        };
      }
      modifiedAt = stats.mtimeMs;
      return { request: parseRequest(UTF8.decode(await readFile(path))) };
    } catch (caught) {
      if ((caught as NodeJS.ErrnoException).code === 'ENOENT') {
        return { gone: true };
      }
      error = caught;
    }
    if (modifiedAt === undefined || Date.now() - modifiedAt >= settleMs) {
      return { invalid: describeReadError(error) };
    }
    await sleep(pause);
  }
}

function describeReadError(error: unknown): string {
  if (error instanceof TypeError) {
    return 'the file is not UTF-8 text';
  }
  return error instanceof Error ? error.message : String(error);
}
