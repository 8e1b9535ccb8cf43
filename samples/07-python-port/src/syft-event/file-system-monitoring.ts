/**
 * syft-event's "File System Monitoring" (README and PKG-INFO), line by line. watchdog's
 * event classes are `events` names: FileCreatedEvent `'add'`, FileModifiedEvent `'change'`,
 * FileMovedEvent `'move'`; `src_path`/`dest_path` are `previousPath`/`path` for a move and
 * `path` otherwise. Run alone it serves until Ctrl-C.
 */
import { relative } from 'node:path';
import type { FileEvent } from '@mvent/syft-events';
import { SyftEvents } from '@mvent/syft-events';

export const box = new SyftEvents('file_monitor');

/** Paths as printed: relative to the datasites folder. */
const shown = (path = '') => relative(box.config.datasites, path);

// Watch for JSON files in your datasite (create, modify and move events by default)
box.watch('{datasite}/**/*.json', function onJsonChange(event: FileEvent) {
  if (event.previousPath) {
    console.log(
      `JSON file moved: ${shown(event.previousPath)} -> ${shown(event.path)}`,
    );
  } else {
    console.log(`JSON file changed: ${shown(event.path)}`);
  }
});

// Watch for specific file patterns with custom event filtering
box.watch(
  ['**/*.txt', '**/*.md'],
  function onTextFilesCreated(event: FileEvent) {
    console.log(`Text file created: ${shown(event.path)}`);
  },
  { events: ['add'] },
);

// Watch for file moves specifically
box.watch(
  '**/*.log',
  function onLogFilesMoved(event: FileEvent) {
    console.log(
      `Log file moved: ${shown(event.previousPath)} -> ${shown(event.path)}`,
    );
  },
  { events: ['move'] },
);

if (require.main === module) void box.runForever();
