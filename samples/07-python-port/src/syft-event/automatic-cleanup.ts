/**
 * syft-event's "Automatic Cleanup Configuration" and "Standalone Cleanup Utility" (PKG-INFO
 * and documentation), line by line. Python's snake_case fields are camelCase here
 * (`requests_deleted` is `requestsDeleted`); intervals are the same strings.
 */
import { join } from 'node:path';
import { mkdir, utimes, writeFile } from 'node:fs/promises';
import { PeriodicCleanup, SyftEvents } from '@mvent/syft-events';
import { until } from '../python';

// Create with custom cleanup settings
export const box = new SyftEvents('my_service', {
  cleanupExpiry: '7d', // Keep files for 7 days (default: 30d)
  cleanupInterval: '1h', // Run cleanup every hour (default here: 1h; Python's: 1d)
});

/** Not in the Python example: two answered requests from forty days ago, so there is something to clean. */
export async function placeOldFiles(): Promise<void> {
  const folder = join(box.rpcDir, 'jobs', 'bob@example.com');
  await mkdir(folder, { recursive: true });
  const fortyDaysAgo = new Date(Date.now() - 40 * 86_400_000);
  for (const id of ['1', '2']) {
    for (const suffix of ['request', 'response']) {
      const path = join(
        folder,
        `00000000-0000-4000-8000-00000000000${id}.${suffix}`,
      );
      await writeFile(path, '{}');
      await utimes(path, fortyDaysAgo, fortyDaysAgo);
    }
  }
}

/** The server's own cleanup. */
export async function serverCleanup(): Promise<void> {
  await box.start();
  // Check if cleanup is running
  if (box.isCleanupRunning()) {
    console.log('Cleanup service is active');
  }
  await until(() => box.getCleanupStats().lastCleanup !== null); // the first run is at start
  // Get cleanup statistics
  const stats = box.getCleanupStats();
  console.log(
    `Deleted ${stats.requestsDeleted} requests and ${stats.responsesDeleted} responses`,
  );
  await box.stop();
}

/** The standalone utility. */
export async function standaloneCleanup(): Promise<void> {
  // Create a standalone cleanup instance
  const cleanup = new PeriodicCleanup({
    appName: 'my_service',
    cleanupInterval: '1d', // How often to run cleanup
    cleanupExpiry: '30d', // How long to keep files
    onCleanupComplete: stats =>
      console.log(`Cleaned up ${stats.requestsDeleted} files`),
  });

  // Start cleanup in background
  cleanup.start();

  // Or run cleanup immediately
  const stats = await cleanup.cleanupNow();
  console.log(`Immediate cleanup: ${stats.requestsDeleted} files deleted`);

  // Cleanup Statistics
  const totals = cleanup.getStats();
  console.log(`Requests deleted: ${totals.requestsDeleted}`);
  console.log(`Errors encountered: ${totals.errors}`);
  console.log(`Last cleanup: ${totals.lastCleanup !== null}`);
  console.log(String(totals));
  totals.reset(); // Reset statistics

  // Stop cleanup
  await cleanup.stop();
}
