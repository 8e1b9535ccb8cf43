import type { Stats } from 'node:fs';
import { existsSync } from 'node:fs';
import { dirname } from 'node:path';
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

/** How long an unlink waits for the add of the same file (same inode) to report a move. */
const MOVE_WINDOW_MS = 50;
const DEFAULT_EVENTS: FileEventType[] = ['add', 'change', 'move'];

/**
 * One `@Watch`: chokidar 4 on the static part of the globs, micromatch on every path.
 * Moves are reported when a file disappears and the same inode appears elsewhere under a
 * watched folder within 50 ms (a rename on one file system); otherwise they come out as an
 * unlink and an add. Each file's handler calls run one after another, in event order.
 */
export class FileWatch {
  private readonly patterns: string[];
  private readonly events: Set<FileEventType>;
  private readonly inodes = new Map<string, number>();
  private readonly pendingUnlinks = new Map<
    number,
    { path: string; timer: NodeJS.Timeout }
  >();
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
    });
    this.watcher = watcher;
    let ready = false;
    watcher.on('add', (path: string, stats?: Stats) => {
      this.remember(path, stats);
      if (ready) this.onAdd(path, stats);
    });
    watcher.on('change', (path: string, stats?: Stats) => {
      this.remember(path, stats);
      this.emit({ type: 'change', path });
    });
    watcher.on('unlink', (path: string) => this.onUnlink(path));
    watcher.on('error', (error: unknown) =>
      this.logger.warn(`${this.name}: watcher error: ${String(error)}`),
    );
    await new Promise<void>(resolve => watcher.once('ready', resolve));
    ready = true;
  }

  /** Stops watching and waits for the handler calls in progress. */
  async close(): Promise<void> {
    for (const { timer } of this.pendingUnlinks.values()) clearTimeout(timer);
    this.pendingUnlinks.clear();
    await this.watcher?.close();
    this.watcher = undefined;
    await this.queue;
  }

  private onAdd(path: string, stats: Stats | undefined): void {
    const pending = stats && this.pendingUnlinks.get(stats.ino);
    if (pending) {
      clearTimeout(pending.timer);
      this.pendingUnlinks.delete(stats.ino);
      this.emit({ type: 'move', path, previousPath: pending.path });
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
    const timer = setTimeout(() => {
      this.pendingUnlinks.delete(ino);
      this.emit({ type: 'unlink', path });
    }, MOVE_WINDOW_MS);
    this.pendingUnlinks.set(ino, { path, timer });
  }

  private remember(path: string, stats: Stats | undefined): void {
    if (stats && this.events.has('move')) this.inodes.set(path, stats.ino);
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
