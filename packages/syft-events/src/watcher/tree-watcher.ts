import type { FSWatcher } from 'node:fs';
import { lstatSync, watch } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';

/**
 * Watches a folder tree with one `fs.watch` (inotify) per folder and reports every file
 * that is created, renamed into place or written, by path, as the kernel names it.
 * New sub-folders are watched as they appear and the files already in them are reported,
 * so nothing written between `mkdir` and the watch is missed. Symbolic links are never
 * followed.
 *
 * Why not chokidar here: chokidar opens one watch per *file* and stats each one, which
 * costs time and inotify watches on request folders that hold thousands of short-lived
 * files. `@Watch` uses chokidar, where its globbing and event shaping pay off.
 */
export class TreeWatcher {
  private readonly watchers = new Map<string, FSWatcher>();
  private closed = false;

  /**
   * @param root the folder to watch; it must exist
   * @param onFile called with the path of each file seen (possibly more than once)
   * @param onOverflow called when the kernel dropped events, so the caller can rescan
   * @param ignore names whose events are dropped unseen (neither files nor folders of interest)
   * @param onGone called with the path of each entry that vanished (a file or a folder)
   */
  constructor(
    private readonly root: string,
    private readonly onFile: (path: string) => void,
    private readonly onOverflow: () => void = () => undefined,
    private readonly ignore: (name: string) => boolean = () => false,
    private readonly onGone: (path: string) => void = () => undefined,
  ) {}

  /** Watches every folder under the root. Resolves once all of them are watched. */
  async start(): Promise<void> {
    await this.watchTree(this.root, false);
  }

  /** Stops watching. */
  close(): void {
    this.closed = true;
    for (const watcher of this.watchers.values()) watcher.close();
    this.watchers.clear();
  }

  private async watchTree(dir: string, reportFiles: boolean): Promise<void> {
    if (this.closed || this.watchers.has(dir)) return;
    let watcher: FSWatcher;
    try {
      // Persistent: a running server keeps its process alive, as an HTTP server does.
      watcher = watch(dir, (_event, name) => {
        if (!name) this.onOverflow();
        else if (!this.ignore(name.toString()))
          this.onEntry(join(dir, name.toString()));
      });
    } catch {
      return; // vanished or unreadable: nothing to watch
    }
    watcher.on('error', () => this.unwatch(dir));
    this.watchers.set(dir, watcher);
    const entries = await readdir(dir, { withFileTypes: true }).catch(() => []);
    const folders: Promise<void>[] = [];
    for (const entry of entries) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) folders.push(this.watchTree(path, reportFiles));
      else if (reportFiles && entry.isFile()) this.onFile(path);
    }
    await Promise.all(folders);
  }

  private onEntry(path: string): void {
    if (this.closed) return;
    // Synchronous: one stat per event, microseconds, where a thread-pool trip costs more.
    const stats = lstatSync(path, { throwIfNoEntry: false });
    if (!stats) {
      this.unwatch(path);
      this.onGone(path);
    } else if (stats.isDirectory()) void this.watchTree(path, true);
    else if (stats.isFile()) this.onFile(path);
  }

  private unwatch(dir: string): void {
    this.watchers.get(dir)?.close();
    this.watchers.delete(dir);
  }
}
