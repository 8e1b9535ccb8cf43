import { MventFactory } from '@mvent/core';
import { AppModule } from './app.module';
import {
  BillingController,
  DoneController,
  handled,
  ShippingController,
} from './orders.controllers';

/**
 * A consumer process: `consumer-1` is in the billing and shipping groups, `consumer-2` in
 * billing only. After `order.done` it reports what it handled and exits.
 */
async function main(): Promise<void> {
  const [servers, stream, label] = process.argv.slice(2);
  const groups =
    label === 'consumer-1'
      ? [BillingController, ShippingController]
      : [BillingController];
  const app = await MventFactory.create(
    AppModule.on(servers, stream, [...groups, DoneController]),
    {
      logger: ['error', 'warn'],
    },
  );
  await app.listen();
  process.send?.('ready');
  await app.get(DoneController).finished;
  // order.done was published last; give the groups' last acknowledgements a moment.
  await new Promise(resolve => setTimeout(resolve, 200));
  console.log(
    `[${label}] billed ${handled.billing}, shipped ${handled.shipping}`,
  );
  process.send?.({ label, ...handled });
  await app.close();
}

main().catch(error => {
  console.error(error);
  process.exitCode = 1;
});
