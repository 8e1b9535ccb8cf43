import type { SyftRequest } from '../interfaces/rpc-envelope.interface';
import { parseRequest } from '../protocol/rpc-envelope';
import { readFileSafely } from '../util/safe-read.util';
import { sleep } from '../util/walk.util';

/** What reading a request file gave: `ignored` for a link, FIFO, device or folder. */
export type ReadOutcome =
  | { request: SyftRequest }
  | { invalid: string }
  | { gone: true }
  | { ignored: string };

/** Limits of {@link readRequestFile}. */
export interface ReadLimits {
  /** Larger files are refused without being read. */
  maxBytes: number;
  /** A file that fails to parse is retried while it was modified less than this long ago. */
  settleMs: number;
  /**
   * A file that still does not parse after this long is answered 400 "still being written",
   * even if it keeps changing (a writer that never finishes must not cost a core forever).
   */
  maxWaitMs: number;
}

const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Reads and parses a `.request` file, tolerating writers that are still writing it: a
 * file that does not parse is read again, with a growing pause, until it parses or has
 * not changed for `settleMs`. Only then is it `invalid`, so a file still being written never
 * gets a 400 (Python's B1); one that keeps changing gets it after `maxWaitMs`. The text must
 * be UTF-8, as Python's `read_text` requires. Every read opens the file once, without
 * following links ({@link readFileSafely}), so a file swapped for a link, a FIFO or a device
 * between two attempts is ignored, never followed.
 */
export async function readRequestFile(
  path: string,
  { maxBytes, settleMs, maxWaitMs }: ReadLimits,
): Promise<ReadOutcome> {
  const started = Date.now();
  let lastError: unknown;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    // One file open at a time: the read is synchronous (see `readFileSafely`).
    const outcome = readOnce(path, maxBytes);
    if (!('failed' in outcome)) {
      return outcome;
    }
    const { error, modifiedAt } = outcome.failed;
    lastError = error;
    if (Date.now() - modifiedAt >= settleMs) {
      return { invalid: describeReadError(lastError) };
    }
    if (Date.now() - started >= maxWaitMs) {
      return {
        invalid: `the file was still being written after ${Math.round(maxWaitMs / 1000)} s (it keeps changing and does not parse)`,
      };
    }
    await sleep(pause);
  }
}

interface FailedRead {
  failed: { error: unknown; modifiedAt: number };
}

function readOnce(path: string, maxBytes: number): ReadOutcome | FailedRead {
  const read = readFileSafely(path, maxBytes);
  if ('missing' in read) return { gone: true };
  if ('refused' in read) return { ignored: read.refused };
  if ('tooLarge' in read) {
    return {
      invalid: `the file is ${read.tooLarge} bytes or more, over the limit of ${maxBytes} (maxRequestBytes)`,
    };
  }
  try {
    return { request: parseRequest(UTF8.decode(read.bytes)) };
  } catch (error) {
    return { failed: { error, modifiedAt: read.modifiedAt } };
  }
}

function describeReadError(error: unknown): string {
  if (error instanceof TypeError) {
    return 'the file is not UTF-8 text';
  }
  return error instanceof Error ? error.message : String(error);
}
