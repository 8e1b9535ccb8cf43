/**
 * The kinds of file events `@Watch` reports.
 *
 * @publicApi
 */
export type FileEventType = 'add' | 'change' | 'unlink' | 'move';

/**
 * A change to a watched file.
 *
 * @publicApi
 */
export interface FileEvent {
  type: FileEventType;
  /** The file's absolute path (for a move, where it is now). */
  path: string;
  /** For a move, where it was. */
  previousPath?: string;
}

/**
 * Options of `@Watch()` and `SyftEvents.watch()`.
 *
 * @publicApi
 */
export interface WatchOptions {
  /** The events to report. @default ['add', 'change', 'move'] (Python's created, modified, moved) */
  events?: FileEventType[];
}

/** Called for each event; may be async. Errors are logged and never stop the watcher. */
export type FileEventHandler = (event: FileEvent) => unknown;
