import type { ChildProcess } from 'node:child_process';
import { fork } from 'node:child_process';
import { join } from 'node:path';
import { MventEventsClient, MventFactory } from '@mvent/core';
import { AppModule } from './app.module';
import { findNatsServer, LocalNatsServer } from './nats-server';

const ORDERS = 100;

interface Report {
  label: string;
  billing: number;
  shipping: number;
}

/**
 * Sample 02's order pipeline across processes on NATS JetStream: a producer and two consumer
 * processes, in two consumer groups. `billing` has a member in each process and bills each
 * order once; `shipping` has one member and ships every order, in order. With `NATS_URL`
 * the sample uses that server; else it starts Debian's `nats-server` on loopback.
 */
async function main(): Promise<void> {
  const binary = findNatsServer();
  if (!process.env.NATS_URL && !binary) {
    console.log(
      '[producer] skipped: this sample needs a NATS server. Install it with `apt-get install -y nats-server`, or set NATS_URL=nats://host:4222.',
    );
    return;
  }
  const local = process.env.NATS_URL
    ? undefined
    : await LocalNatsServer.start(binary!);
  const servers = process.env.NATS_URL || local!.url;
  const stream = `SAMPLE08_${process.pid}`;
  try {
    const consumers = ['consumer-1', 'consumer-2'].map(label =>
      fork(join(__dirname, 'consumer.js'), [servers, stream, label]),
    );
    const reports = consumers.map(child => nextReport(child));
    await Promise.all(
      consumers.map(
        child => new Promise(resolve => child.once('message', resolve)),
      ),
    );

    const app = await MventFactory.create(AppModule.on(servers, stream, []), {
      logger: ['error'],
    });
    await app.init();
    const events = app.get(MventEventsClient);
    console.log(
      `[producer] publishing ${ORDERS} orders to 2 consumer processes on ${servers}`,
    );
    for (let id = 1; id <= ORDERS; id++) {
      await events.emit(
        'order.created',
        { id, item: id % 2 ? 'apple' : 'pear', quantity: 1 },
        { id: `order-${id}` },
      );
    }
    // A retried publish (same id) is stored once, and an invalid order is skipped by validation.
    const retry = await events.emit(
      'order.created',
      { id: 1, item: 'apple', quantity: 1 },
      { id: 'order-1' },
    );
    console.log(`[producer] republished order-1: duplicate=${retry.duplicate}`);
    console.log(
      '[producer] publishing an invalid order on purpose: each group logs a WARN that it skipped it',
    );
    await events.emit('order.created', {
      id: 'not-a-number',
      item: 'x',
      quantity: -1,
    });
    await events.emit('order.done', true);

    const results = await Promise.all(reports);
    const billed = results.reduce((sum, report) => sum + report.billing, 0);
    const shipped = results.reduce((sum, report) => sum + report.shipping, 0);
    console.log(
      `[producer] billing group: ${billed} orders billed once each across ${results.length} processes`,
    );
    console.log(
      `[producer] shipping group: ${shipped} orders shipped in order`,
    );
    await app.close();
  } finally {
    await local?.stop();
  }
}

function nextReport(child: ChildProcess): Promise<Report> {
  return new Promise((resolve, reject) => {
    child.on('message', message => {
      if (typeof message === 'object') resolve(message as Report);
    });
    child.once('exit', code => {
      if (code !== 0) reject(new Error(`a consumer exited with ${code}`));
    });
  });
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
