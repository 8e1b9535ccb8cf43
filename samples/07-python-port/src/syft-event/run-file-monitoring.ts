import { mkdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import type { SyftEvents } from '@mvent/syft-events';
import { until } from '../python';

/**
 * Not in the Python example, which waits for you to change files: starts the monitor, makes
 * one change of each kind in the datasite, waits for the four lines, and stops.
 */
export async function runFileMonitoring(box: SyftEvents): Promise<void> {
  const folder = join(box.config.datasites, box.email, 'monitor-demo');
  await rm(folder, { recursive: true, force: true });
  await mkdir(folder, { recursive: true });
  const printed: string[] = [];
  const log = console.log;
  console.log = (...args: unknown[]) => {
    printed.push(String(args[0]));
    log(...args);
  };
  try {
    await box.start();
    await writeFile(join(folder, 'data.json'), '{}');
    await until(() => printed.length === 1);
    // The log first: once the note's line is out, the watcher has seen the log too, so its
    // rename is paired into a move (a file renamed before it was ever seen is a plain add).
    await writeFile(join(folder, 'old.log'), 'a log');
    await writeFile(join(folder, 'notes.txt'), 'a note');
    await until(() => printed.length === 2);
    await rename(join(folder, 'old.log'), join(folder, 'new.log'));
    await until(() => printed.length === 3);
    await rename(join(folder, 'data.json'), join(folder, 'moved.json'));
    await until(() => printed.length === 4);
  } finally {
    console.log = log;
    await box.stop();
    await rm(folder, { recursive: true, force: true });
  }
}
