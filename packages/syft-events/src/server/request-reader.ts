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
  /** Runs each read attempt, e.g. to bound the files open at once (pauses are not included). */
  throttle?: <T>(attempt: () => Promise<T>) => Promise<T>;
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
  { maxBytes, settleMs, throttle = attempt => attempt() }: ReadLimits,
): Promise<ReadOutcome> {
  let lastSeen: string | undefined;
  let lastError: unknown;
  for (let pause = 5; ; pause = Math.min(pause * 2, 100)) {
    const outcome = await throttle(() => readOnce(path, maxBytes, lastSeen));
    if (!('failed' in outcome)) {
      return outcome;
    }
    const { error, modifiedAt, seen } = outcome.failed;
    lastSeen = seen;
    lastError = error ?? lastError;
    if (modifiedAt === undefined || Date.now() - modifiedAt >= settleMs) {
      return { invalid: describeReadError(lastError) };
    }
    await sleep(pause);
  }
}

interface FailedRead {
  failed: {
    /** `undefined` when the file was not read again because it had not changed. */
    error: unknown;
    modifiedAt: number | undefined;
    /** Size and time of the file that failed, so an unchanged file is not read again. */
    seen: string | undefined;
  };
}

async function readOnce(
  path: string,
  maxBytes: number,
  lastSeen: string | undefined,
): Promise<ReadOutcome | FailedRead> {
  let modifiedAt: number | undefined;
  let seen: string | undefined;
  try {
    const stats = await stat(path);
    if (stats.size > maxBytes) {
      return {
        invalid: `the file is ${stats.size} bytes, over the limit of ${maxBytes} (maxRequestBytes)`,
      };
    }
    modifiedAt = stats.mtimeMs;
    seen = `${stats.size}:${stats.mtimeMs}`;
    if (seen === lastSeen) {
      return { failed: { error: undefined, modifiedAt, seen } };
    }
    return { request: parseRequest(UTF8.decode(await readFile(path))) };
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
      return { gone: true };
    }
    return { failed: { error, modifiedAt, seen } };
  }
}

function describeReadError(error: unknown): string {
  if (error instanceof TypeError) {
    return 'the file is not UTF-8 text';
  }
  return error instanceof Error ? error.message : String(error);
}
