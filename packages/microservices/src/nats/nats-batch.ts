import type { Consumer, ConsumerMessages, JsMsg } from '@nats-io/jetstream';

/** Events pulled at once: what a stuck handler can hold back (until `ackWait`). */
const BATCH = 64;

/** What {@link handleBatch} needs of its subscription. */
export interface BatchHandler {
  /** Told of the pull, so that closing the subscription can end it. */
  started(messages: ConsumerMessages): void;
  closed(): boolean;
  deliver(message: JsMsg): Promise<void>;
}

/**
 * Pulls one batch and hands its events to `handler.deliver` one at a time, in order; the
 * caller pulls the next only once this one is done. So a slow or stuck handler holds at most
 * one batch, whose other events go back to the consumer after `ackWait` for another member
 * (`consume()` would go on pulling into a buffer while the handler is stuck, and the delivery
 * counts of what piles up there would climb until a healthy member dead-letters them). An
 * event that waited past `ackWait` behind a slow handler has been handed out again: it is left
 * to that delivery. Pull requests of 5 s: after a failover, the next one finds the new
 * consumer leader; a consumer that is gone fails it.
 *
 * @throws what the pull failed with (a consumer or stream gone, a connection lost)
 */
export async function handleBatch(
  consumer: Consumer,
  ackWait: number,
  handler: BatchHandler,
): Promise<void> {
  const batch = await consumer.fetch({ max_messages: BATCH, expires: 5000 });
  handler.started(batch);
  // Read as they arrive, with the time, while a handler runs.
  const arrived: { message: JsMsg; at: number }[] = [];
  let wake: (() => void) | undefined;
  let done = false;
  const reading = (async () => {
    try {
      for await (const message of batch) {
        arrived.push({ message, at: Date.now() });
        wake?.();
      }
    } finally {
      done = true;
      wake?.();
    }
  })();
  while (!handler.closed()) {
    const next = arrived.shift();
    if (next) {
      if (Date.now() - next.at <= ackWait) await handler.deliver(next.message);
    } else if (done) {
      break;
    } else {
      await new Promise<void>(resolve => (wake = resolve));
      wake = undefined;
    }
  }
  await reading;
}
