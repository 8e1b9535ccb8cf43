import { fork } from 'node:child_process';
import { rmSync } from 'node:fs';
import { join } from 'node:path';
import { MventFactory } from '@mvent/core';
import { MemoryEventBus, SharedMemoryPool } from '@mvent/shared-memory';
import { AppModule } from './app.module';

const ORDERS = 100;

/** Waits until `condition()` holds, checking every 20 ms. */
async function until(condition: () => boolean): Promise<void> {
  while (!condition()) {
    await new Promise(resolve => setTimeout(resolve, 20));
  }
}

/**
 * Starts two consumer processes, then acts as the producer: shared state with TTLs,
 * 100 validated orders (and one invalid), and `order.done`. Then it watches a TTL expire.
 */
async function main(): Promise<void> {
  const pool = `sample-02-${process.pid}`;
  const consumers = ['consumer-1', 'consumer-2'].map(label =>
    fork(join(__dirname, 'consumer.js'), [pool, label]),
  );
  await Promise.all(
    consumers.map(
      child => new Promise(resolve => child.once('message', resolve)),
    ),
  );
  const exited = consumers.map(
    child => new Promise(resolve => child.once('exit', resolve)),
  );

  const app = await MventFactory.create(AppModule.forPool(pool, false), {
    logger: ['error'],
  });
  await app.init();
  const shared = app.get(SharedMemoryPool);
  const bus = app.get(MemoryEventBus);
  shared.set('stock', { apples: 7, pears: 3 });
  shared.set('session', 'active', { ttl: '300ms' });
  console.log(`[producer] emitting ${ORDERS} orders to 2 consumer processes`);
  for (let id = 1; id <= ORDERS; id++) {
    bus.emit('order.created', {
      id,
      item: id % 2 ? 'apple' : 'pear',
      quantity: 1,
    });
  }
  bus.emit('order.created', { id: 'not-a-number', item: 'x', quantity: -1 });
  bus.emit('order.done', true);
  await Promise.all(exited);

  await until(() => !shared.has('session'));
  console.log(
    `[producer] "session" expired for every process after its 300 ms TTL; stock is still ${JSON.stringify(shared.get('stock'))}`,
  );
  console.log(
    `[producer] pool: ${JSON.stringify(bus.getMemoryStats(), ['entries', 'lastSeq', 'attachedProcesses'])}`,
  );
  // The pool's name is unique to this run, so remove its files rather than leave them in /dev/shm.
  const poolPath = shared.path;
  await app.close();
  rmSync(poolPath, { recursive: true, force: true });
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
