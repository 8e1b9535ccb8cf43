/**
 * mvent's "API Reference": SharedMemoryPool and EventManager, each call as documented.
 * The differences: the pool takes its options as one object, `ttl` on the pool itself is
 * in milliseconds or a duration string (the Nest-style API), and the EventManager is given
 * the pool as Python's is.
 */
import type { EventHandler } from '@mvent/shared-memory';
import { EventManager, SharedMemoryPool } from '@mvent/shared-memory';
import { IN_POOLS_DIR, until } from '../python';

/** SharedMemoryPool: set, get, delete, clear, get_all, get_stats, cleanup. */
export async function sharedMemoryPool(): Promise<void> {
  const pool = new SharedMemoryPool({ name: 'default_pool', ...IN_POOLS_DIR });
  pool.set('greeting', 'hello', { ttl: '60s' });
  pool.set('counter', 1);
  console.log('get:', pool.get('greeting'), pool.get('missing', 'default'));
  console.log(
    'get with metadata: version',
    pool.get('greeting', { withMetadata: true })?.version,
  );
  console.log('delete:', pool.delete('counter'), pool.delete('counter'));
  console.log('get_all:', pool.getAll());
  console.log('get_stats: entries', pool.getStats().entries);
  pool.clear();
  console.log('after clear:', pool.getAll());
  await pool.close(); // Python's cleanup()
}

/** EventManager: subscribe, unsubscribe, stop. */
export async function eventManager(): Promise<void> {
  const pool = new SharedMemoryPool({ name: 'events_pool', ...IN_POOLS_DIR });
  const events = new EventManager(pool);
  const seen: unknown[] = [];
  const callback: EventHandler = value => {
    console.log('EventManager got:', value);
    seen.push(value);
  };
  events.subscribe('job', callback);
  events.emit('job', 1);
  await until(() => seen.length === 1);
  events.unsubscribe('job', callback);
  events.emit('job', 2);
  const marker = new Promise(resolve => events.once('done', resolve));
  events.emit('done', true);
  await marker; // delivered after job 2, which no callback got
  console.log('after unsubscribe, callbacks got', seen.length, 'event');
  await events.stop();
  await pool.close();
}
