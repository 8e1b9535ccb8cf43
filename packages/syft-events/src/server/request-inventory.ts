import { lstat } from 'node:fs/promises';
import { basename, dirname, relative, sep } from 'node:path';
import { readRequestTime } from '../util/request-time.util';
import { walkFiles } from '../util/walk.util';

/**
 * Where a request file stands: `answered` (its `.response` exists), `expired` (no response
 * and its `expires` has passed) or `pending`.
 *
 * @publicApi
 */
export type RequestState = 'pending' | 'answered' | 'expired';

/**
 * One request file of an app's `rpc/` folder.
 *
 * @publicApi
 */
export interface RequestEntry {
  path: string;
  /** `/echo`, from the folders between `rpc/` and the sender folder. */
  endpoint: string;
  sender: string;
  id: string;
  state: RequestState;
  /** When it expires, if the file says so readably. */
  expires: Date | undefined;
}

/** A request file's name, its id captured. */
const REQUEST_FILE = /^([0-9a-f-]{36})\.request$/i;

/** Whether `path` is `<endpoint…>/<sender>/<uuid>.request` under `rpcDir` (a marker is not). */
export function isRequestPath(rpcDir: string, path: string): boolean {
  return (
    REQUEST_FILE.test(basename(path)) &&
    relative(rpcDir, dirname(path)).split(sep).length >= 2
  );
}

/**
 * Every `<endpoint…>/<sender>/<uuid>.request` under `rpcDir` with its state, for operators
 * (`mvent syft ls`, the metrics). Symbolic links are skipped; markers (`.rejected.request`)
 * are not requests.
 *
 * @publicApi
 */
export async function* listRequests(
  rpcDir: string,
  now = Date.now(),
): AsyncGenerator<RequestEntry> {
  for await (const path of walkFiles(rpcDir)) {
    if (!isRequestPath(rpcDir, path)) continue;
    const folders = relative(rpcDir, dirname(path)).split(sep);
    const match = REQUEST_FILE.exec(basename(path))!;
    const answered = await lstat(path.replace(/\.request$/, '.response')).then(
      () => true,
      () => false,
    );
    const expiresAt = answered ? undefined : readRequestTime(path, 'expires');
    const expires = expiresAt === undefined ? undefined : new Date(expiresAt);
    yield {
      path,
      endpoint: `/${folders.slice(0, -1).join('/')}`,
      sender: folders[folders.length - 1],
      id: match[1].toLowerCase(),
      state: answered
        ? 'answered'
        : expires && expires.getTime() < now
          ? 'expired'
          : 'pending',
      expires,
    };
  }
}

/** How many requests of `rpcDir` are in each state. @publicApi */
export async function countRequests(
  rpcDir: string,
): Promise<Record<RequestState, number>> {
  const counts: Record<RequestState, number> = {
    pending: 0,
    answered: 0,
    expired: 0,
  };
  for await (const entry of listRequests(rpcDir)) counts[entry.state]++;
  return counts;
}
