import { MventFactory } from '@mvent/core';
import { SharedEventsReadinessWatcher } from '@mvent/shared-memory';
import { AppModule } from './app.module';
import { OrdersController } from './orders.controller';

/** A consumer process: subscribes, reports "ready", prints a summary after `order.done`, exits. */
async function main(): Promise<void> {
  const [pool, label] = process.argv.slice(2);
  const app = await MventFactory.create(AppModule.forPool(pool, true), {
    logger: ['error'],
  });
  await app.init();
  await app.get(SharedEventsReadinessWatcher).waitUntilReady();
  process.send?.('ready');
  const summary = await app.get(OrdersController).finished;
  console.log(`[${label}] ${summary}`);
  await app.close();
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
