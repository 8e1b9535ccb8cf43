import type { Stats } from 'node:fs';
import { existsSync } from 'node:fs';
import { lstat, readdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { LoggerService } from '@mvent/core';
import type { FSWatcher } from 'chokidar';
import { watch } from 'chokidar';
import micromatch from 'micromatch';
import type {
  FileEvent,
  FileEventHandler,
  FileEventType,
  WatchOptions,
} from './file-event.interface';
import type { WatchPlaceholders } from './watch-glob.util';
import { expandWatchGlob } from './watch-glob.util';

/**
 * How long the two halves of a rename (an unlink and an add of the same inode, in either
 * order) wait for each other to be reported as one move. chokidar delays unlinks by ~100 ms.
 */
const MOVE_WINDOW_MS = 1000;

interface PendingEvent {
  path: string;
  timer: NodeJS.Timeout;
}
const DEFAULT_EVENTS: FileEventType[] = ['add', 'change', 'move'];
/** How long after a folder appears it is read again for files chokidar missed. */
const NEW_FOLDER_SWEEP_MS = 100;

/**
 * One `@Watch`: chokidar 4 on the static part of the globs, micromatch on every path.
 * Moves are reported when a file disappears and the same inode appears elsewhere under a
 * watched folder within 1 s (a rename on one file system); otherwise they come out as an
 * unlink and an add. Each file's handler calls run one after another, in event order.
 */
export class FileWatch {
  private readonly patterns: string[];
  private readonly events: Set<FileEventType>;
  /** Inode by path and first path by inode, of the files seen, to pair renames. */
  private readonly inodes = new Map<string, number>();
  private readonly paths = new Map<number, string>();
  private readonly pendingUnlinks = new Map<number, PendingEvent>();
  private readonly pendingAdds = new Map<number, PendingEvent>();
  /** Files seen and not removed, so a folder sweep reports only what chokidar missed. */
  private readonly known = new Set<string>();
  private readonly sweeps = new Set<NodeJS.Timeout>();
  private watcher: FSWatcher | undefined;
  private queue: Promise<void> = Promise.resolve();

  constructor(
    globs: string[],
    private readonly handler: FileEventHandler,
    options: WatchOptions,
    placeholders: WatchPlaceholders,
    private readonly logger: LoggerService,
    private readonly name: string,
  ) {
    this.patterns = globs.map(glob => expandWatchGlob(glob, placeholders));
    this.events = new Set(options.events ?? DEFAULT_EVENTS);
  }

  /** Starts watching; resolves once the existing files are known. */
  async start(): Promise<void> {
    const roots = [...new Set(this.patterns.map(existingBase))];
    const watcher = watch(roots, {
      ignoreInitial: false,
      alwaysStat: true,
      followSymlinks: false,
      // chokidar can open a folder's fs.watch after close() when the folder appeared just
      // before; not persistent, such a leftover cannot keep the process alive.
      persistent: false,
    });
    this.watcher = watcher;
    let ready = false;
    watcher.on('add', (path: string, stats?: Stats) => {
      if (this.known.has(path)) return;
      this.known.add(path);
      if (ready) this.onAdd(path, stats);
      this.remember(path, stats?.ino);
    });
    watcher.on('addDir', (path: string) => {
      if (ready) this.sweepNewFolder(path);
    });
    watcher.on('change', (path: string, stats?: Stats) => {
      this.remember(path, stats?.ino);
      this.emit({ type: 'change', path });
    });
    watcher.on('unlink', (path: string) => {
      this.known.delete(path);
      this.onUnlink(path);
    });
    watcher.on('error', (error: unknown) =>
      this.logger.warn(`${this.name}: watcher error: ${String(error)}`),
    );
    await new Promise<void>(resolve => watcher.once('ready', resolve));
    ready = true;
  }

  /** Stops watching and waits for the handler calls in progress. */
  async close(): Promise<void> {
    for (const timer of this.sweeps) clearTimeout(timer);
    this.sweeps.clear();
    for (const pending of [this.pendingUnlinks, this.pendingAdds]) {
      for (const { timer } of pending.values()) clearTimeout(timer);
      pending.clear();
    }
    await this.watcher?.close();
    this.watcher = undefined;
    await this.queue;
  }

  /**
   * Files written into a folder right after it was created can be missed while chokidar
   * sets up its watch (`mkdir -p a/b && echo > a/b/f`); a new folder is read again shortly
   * after it appears, and files nobody reported come out as adds.
   */
  private sweepNewFolder(dir: string): void {
    const timer = setTimeout(() => {
      this.sweeps.delete(timer);
      void readdir(dir, { recursive: true, withFileTypes: true })
        .then(entries =>
          entries
            .filter(entry => entry.isFile())
            .map(entry => join(entry.parentPath, entry.name)),
        )
        .then(
          files => {
            for (const path of files) {
              if (this.watcher && !this.known.has(path)) {
                this.known.add(path);
                void lstat(path).then(
                  stats => this.onAdd(path, stats),
                  () => undefined,
                );
              }
            }
          },
          () => undefined,
        );
    }, NEW_FOLDER_SWEEP_MS);
    this.sweeps.add(timer);
  }

  private onAdd(path: string, stats: Stats | undefined): void {
    const ino = stats?.ino;
    const unlinked =
      ino === undefined ? undefined : this.pendingUnlinks.get(ino);
    if (unlinked) {
      clearTimeout(unlinked.timer);
      this.pendingUnlinks.delete(ino!);
      return this.emit({ type: 'move', path, previousPath: unlinked.path });
    }
    const earlier = ino === undefined ? undefined : this.paths.get(ino);
    if (earlier !== undefined && earlier !== path && this.events.has('move')) {
      // chokidar reports a rename's add before the unlink: wait for the unlink.
      const timer = setTimeout(() => {
        this.pendingAdds.delete(ino!);
        this.emit({ type: 'add', path });
      }, MOVE_WINDOW_MS);
      this.pendingAdds.set(ino!, { path, timer });
      return;
    }
    this.emit({ type: 'add', path });
  }

  private onUnlink(path: string): void {
    const ino = this.inodes.get(path);
    this.inodes.delete(path);
    if (ino === undefined || !this.events.has('move')) {
      return this.emit({ type: 'unlink', path });
    }
    if (this.paths.get(ino) === path) this.paths.delete(ino);
    const added = this.pendingAdds.get(ino);
    if (added) {
      clearTimeout(added.timer);
      this.pendingAdds.delete(ino);
      this.remember(added.path, ino);
      return this.emit({ type: 'move', path: added.path, previousPath: path });
    }
    const timer = setTimeout(() => {
      this.pendingUnlinks.delete(ino);
      this.emit({ type: 'unlink', path });
    }, MOVE_WINDOW_MS);
    this.pendingUnlinks.set(ino, { path, timer });
  }

  private remember(path: string, ino: number | undefined): void {
    if (ino === undefined || !this.events.has('move')) return;
    this.inodes.set(path, ino);
    if (!this.paths.has(ino)) this.paths.set(ino, path);
  }

  private emit(event: FileEvent): void {
    const matches =
      micromatch.isMatch(event.path, this.patterns, { dot: true }) ||
      (event.previousPath !== undefined &&
        micromatch.isMatch(event.previousPath, this.patterns, { dot: true }));
    if (!matches || !this.events.has(event.type)) return;
    this.queue = this.queue.then(async () => {
      try {
        await this.handler(event);
      } catch (error) {
        this.logger.error(
          `${this.name} failed on ${event.type} ${event.path}: ${(error as Error)?.stack ?? String(error)}`,
        );
      }
    });
  }
}

/** The deepest existing folder of a glob's static part, so chokidar watches as little as it can. */
function existingBase(pattern: string): string {
  let base = micromatch.scan(pattern, { unescape: true }).base;
  while (!existsSync(base) && dirname(base) !== base) base = dirname(base);
  return base;
}
