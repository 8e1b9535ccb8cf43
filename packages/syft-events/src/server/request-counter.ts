import { existsSync } from 'node:fs';
import { basename, dirname, sep } from 'node:path';
import { readRequestTime } from '../util/request-time.util';
import { walkFiles } from '../util/walk.util';
import { TreeWatcher } from '../watcher/tree-watcher';
import type { RequestState } from './request-inventory';
import { isRequestPath } from './request-inventory';

/**
 * The request files of an app's `rpc/` folder by state, kept as files come and go rather
 * than walked for every look: one walk at start (and after the kernel drops events), then
 * a watch. `counts()` reads no file, so a dashboard or a scrape costs the same with 20,000
 * requests waiting as with none.
 *
 * @publicApi
 */
export class RequestCounter {
  /** Each request file, with its expiry when readable. */
  private readonly requests = new Map<string, number | undefined>();
  /** The request files (by path) whose `.response` is there. */
  private readonly responses = new Set<string>();
  /** The request files of each sender folder, to forget a folder that vanished at once. */
  private readonly folders = new Map<string, Set<string>>();
  private watcher: TreeWatcher | undefined;

  constructor(private readonly rpcDir: string) {}

  /** Watches `rpcDir` (which must exist), then counts what is already there. */
  async start(): Promise<void> {
    this.watcher = new TreeWatcher(
      this.rpcDir,
      path => this.seen(path),
      () => void this.recount(),
      () => false,
      path => this.gone(path),
    );
    await this.watcher.start();
    await this.recount();
  }

  /** How many requests are pending, answered and expired now. */
  counts(now = Date.now()): Record<RequestState, number> {
    const counts = { pending: 0, answered: 0, expired: 0 };
    for (const [path, expires] of this.requests) {
      if (this.responses.has(path)) counts.answered++;
      else if (expires !== undefined && expires < now) counts.expired++;
      else counts.pending++;
    }
    return counts;
  }

  /** Stops watching. */
  close(): void {
    this.watcher?.close();
  }

  private async recount(): Promise<void> {
    this.requests.clear();
    this.responses.clear();
    this.folders.clear();
    for await (const path of walkFiles(this.rpcDir)) this.seen(path);
  }

  private seen(path: string): void {
    if (path.endsWith('.response')) {
      this.responses.add(path.slice(0, -'.response'.length) + '.request');
    } else if (isRequestPath(this.rpcDir, path) && !this.requests.has(path)) {
      this.requests.set(path, readRequestTime(path, 'expires'));
      const folder = dirname(path);
      if (!this.folders.has(folder)) this.folders.set(folder, new Set());
      this.folders.get(folder)!.add(path);
      // A response written before its request was seen.
      if (existsSync(path.replace(/\.request$/, '.response'))) {
        this.responses.add(path);
      }
    }
  }

  private gone(path: string): void {
    if (path.endsWith('.response')) {
      this.responses.delete(path.slice(0, -'.response'.length) + '.request');
    } else if (this.requests.has(path)) {
      this.forget(path);
    } else if (!basename(path).startsWith('.')) {
      // A folder that vanished takes its requests with it (temporary files start with '.').
      for (const [folder, paths] of this.folders) {
        if (folder === path || folder.startsWith(path + sep)) {
          for (const request of paths) this.forget(request);
        }
      }
    }
  }

  private forget(request: string): void {
    this.requests.delete(request);
    this.responses.delete(request);
    const folder = this.folders.get(dirname(request));
    folder?.delete(request);
    if (folder?.size === 0) this.folders.delete(dirname(request));
  }
}
