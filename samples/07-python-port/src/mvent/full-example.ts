/**
 * mvent's "Basic Usage", "Multiple Handlers", "Using TTL" and "Full Example", line by line.
 * The differences: `emit` and `cleanup` are awaited where Python blocks; the pool is in
 * this sample's folder (`IN_POOLS_DIR`) rather than Python's temp dir.
 */
import { MemoryEventHandler } from '@mvent/shared-memory';
import { IN_POOLS_DIR, sleep } from '../python';

/** Basic Usage, Multiple Handlers and Using TTL. */
export async function basicUsage(): Promise<void> {
  const memoryEvents = new MemoryEventHandler('my_pool', IN_POOLS_DIR);

  memoryEvents.on('user_data', function handleUserUpdate(newValue) {
    console.log('User data updated:', newValue);
  });
  memoryEvents.on('user_data', function logUserUpdate(newValue) {
    console.log('Logging:', newValue);
  });
  memoryEvents.on('user_data', function processUserUpdate(_newValue) {
    // Process the data
  });

  memoryEvents.emit('user_data', { name: 'John', age: 30 });
  memoryEvents.emit('temporary_data', 'This will expire', { ttl: 60.0 }); // seconds
  await sleep(1);
  await memoryEvents.cleanup();
}

/** Full Example. */
export async function fullExample(): Promise<void> {
  const memoryEvents = new MemoryEventHandler('example_pool', IN_POOLS_DIR);

  memoryEvents.on('user_data', function handleUserUpdate(newValue) {
    console.log('Received user data update:', newValue);
  });

  memoryEvents.on('user_data', function logUserUpdate(newValue) {
    console.log('Logging user update:', newValue);
  });

  try {
    memoryEvents.emit('user_data', { name: 'John', age: 30 });
    await sleep(1);
    memoryEvents.emit('user_data', { name: 'Jane', age: 25 });
    await sleep(1);
    memoryEvents.emit('user_data', { name: 'Bob', age: 35 }, { ttl: 2.0 });
    await sleep(3);
    // Not in the Python example: what the TTL did.
    console.log('After 3 s, user_data is', memoryEvents.pool.get('user_data'));
  } finally {
    await memoryEvents.cleanup();
  }
}
