import type { FSWatcher } from 'node:fs';
import { watch } from 'node:fs';

/**
 * One `fs.watch` per folder, shared by every request waiting in it: a file event calls the
 * listener of the id its name starts with (`<id>.response`, `<id>.rejected.request`, …).
 * A folder's watch is closed when its last listener leaves.
 */
export class FolderWatchers {
  private readonly folders = new Map<
    string,
    { watcher: FSWatcher; listeners: Map<string, () => void> }
  >();

  /** Calls `listener` on each event about a file named `<id>.*` in `dir`; returns the unsubscribe. */
  subscribe(dir: string, id: string, listener: () => void): () => void {
    let folder = this.folders.get(dir);
    if (!folder) {
      const listeners = new Map<string, () => void>();
      const watcher = watch(dir, { persistent: false }, (_event, name) => {
        if (!name) {
          for (const notify of listeners.values()) notify(); // events were lost
          return;
        }
        const text = name.toString();
        listeners.get(text.slice(0, text.indexOf('.')).toLowerCase())?.();
      });
      watcher.on('error', () => {
        for (const notify of listeners.values()) notify();
      });
      folder = { watcher, listeners };
      this.folders.set(dir, folder);
    }
    folder.listeners.set(id, listener);
    return () => {
      folder.listeners.delete(id);
      if (folder.listeners.size === 0 && this.folders.get(dir) === folder) {
        folder.watcher.close();
        this.folders.delete(dir);
      }
    };
  }

  /** Closes every watch. */
  close(): void {
    for (const { watcher } of this.folders.values()) watcher.close();
    this.folders.clear();
  }
}
