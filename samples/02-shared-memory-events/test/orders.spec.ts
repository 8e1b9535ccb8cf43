import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Logger } from '@mvent/core';
import {
  MemoryEventBus,
  SharedEventsReadinessWatcher,
} from '@mvent/shared-memory';
import { createTempDir, Test, waitFor } from '@mvent/testing';
import { AppModule } from '../src/app.module';
import { OrdersController } from '../src/orders.controller';

describe('02-shared-memory-events', () => {
  it('should validate orders and summarise them in one process', async () => {
    const dir = await createTempDir('mvent-sample-02-');
    process.env.MVENT_POOL_DIR = dir.path;
    Logger.overrideLogger(false);
    const moduleRef = await Test.createTestingModule({
      imports: [AppModule.forPool('orders', true)],
    }).compile();
    await moduleRef.init();
    await moduleRef.get(SharedEventsReadinessWatcher).waitUntilReady();
    const bus = moduleRef.get(MemoryEventBus);
    bus.emit('order.created', { id: 1, item: 'apple', quantity: 2 });
    bus.emit('order.created', { id: 'bad' });
    bus.emit('order.done', true);
    const summary = await moduleRef.get(OrdersController).finished;
    expect(summary).toMatch(
      new RegExp(
        `^received 1 orders from pid ${process.pid}; stock undefined; session expired$`,
      ),
    );
    await waitFor(
      () => bus.getHandlerStats()['OrdersController.onCreated']?.invalid === 1,
    );
    await moduleRef.close();
    delete process.env.MVENT_POOL_DIR;
    await dir.remove();
  });

  it('should run a producer and two consumer processes and exit 0', async () => {
    const dir = await createTempDir('mvent-sample-02-');
    const { stdout } = await promisify(execFile)(
      process.execPath,
      [join(__dirname, '../dist/main.js')],
      {
        env: { ...process.env, MVENT_POOL_DIR: dir.path },
      },
    );
    for (const label of ['consumer-1', 'consumer-2']) {
      expect(stdout).toMatch(
        new RegExp(
          `\\[${label}\\] received 100 orders from pid \\d+; stock \\{"apples":7,"pears":3\\}; session active`,
        ),
      );
    }
    expect(stdout).toContain('"session" expired for every process');
    await dir.remove();
  });
});
