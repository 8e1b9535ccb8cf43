import type {
  TransportEventHandler,
  TransportSubscribeOptions,
  TransportSubscription,
} from '@mvent/core';
import type {
  ConsumerConfig,
  ConsumerMessages,
  JsMsg,
} from '@nats-io/jetstream';
import { setTimeout as sleep } from 'node:timers/promises';
import { RecentSequences } from '../delivery/recent-sequences';
import type { SubscriptionSettings } from '../delivery/subscription-settings';
import {
  retryDelayMs,
  subscriptionSettings,
} from '../delivery/subscription-settings';
import type { EventPayload } from '../wire/event-payload';
import { decodeEventPayload } from '../wire/event-payload';
import { natsLibraries } from './nats-libraries';
import { patternSubject } from './nats-subjects';
import type { NatsContext } from './nats-transport';

/** A broadcast consumer nobody pulls from for this long is removed by the servers. */
const BROADCAST_INACTIVE_MS = 60_000;

/**
 * One `@OnEvent` subscription on JetStream: a pull consumer (durable for a group, ephemeral
 * for a broadcast subscriber) whose events are handled one at a time, in stream order, and
 * acknowledged after the handler succeeds.
 */
export class NatsSubscription implements TransportSubscription {
  private messages: ConsumerMessages | undefined;
  private closed = false;
  private readonly handled = new RecentSequences();
  private loop: Promise<void> = Promise.resolve();
  private current: JsMsg | undefined;
  private keepWorking: NodeJS.Timeout | undefined;

  private constructor(
    private readonly context: NatsContext,
    private readonly handler: TransportEventHandler,
    private readonly options: TransportSubscribeOptions,
    private readonly settings: SubscriptionSettings,
    private readonly config: Partial<ConsumerConfig>,
  ) {}

  /** Creates (or joins) the consumer and starts delivering. */
  static async start(
    context: NatsContext,
    pattern: string,
    handler: TransportEventHandler,
    options: TransportSubscribeOptions,
  ): Promise<NatsSubscription> {
    const settings = subscriptionSettings(
      'nats',
      pattern,
      options,
      context.settings,
    );
    const { subject } = patternSubject(context.settings.subjectPrefix, pattern);
    const subscription = new NatsSubscription(
      context,
      handler,
      options,
      settings,
      consumerConfig(settings, subject, options),
    );
    await subscription.ensureConsumer();
    subscription.keepWorking = setInterval(
      () => subscription.current?.working(),
      settings.ackWait / 2,
    );
    subscription.loop = subscription.run();
    return subscription;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.keepWorking);
    await this.messages?.close();
    await this.loop;
    if (!this.settings.group) {
      await this.context.manager.consumers
        .delete(this.context.settings.stream, this.settings.consumerName)
        .catch(() => undefined);
    }
  }

  private async ensureConsumer(): Promise<void> {
    const { manager, settings } = this.context;
    try {
      await manager.consumers.add(settings.stream, this.config);
    } catch (error) {
      // A group's consumer made by another member, perhaps with an older config: join it.
      await manager.consumers
        .info(settings.stream, this.settings.consumerName)
        .catch(() => {
          throw error;
        });
    }
  }

  /** Consumes until closed; re-creates the consumer if a failover lost it. */
  private async run(): Promise<void> {
    while (!this.closed) {
      try {
        const consumer = await this.context.jetstream.consumers.get(
          this.context.settings.stream,
          this.settings.consumerName,
        );
        // Pull requests of 5 s: after a failover, the next pull finds the new consumer leader soon.
        this.messages = await consumer.consume({
          max_messages: 256,
          expires: 5000,
        });
        if (this.closed) await this.messages.close();
        for await (const message of this.messages) {
          await this.deliver(message);
          if (this.closed) break;
        }
      } catch (error) {
        if (this.closed) return;
        this.context.logger.warn(
          `${this.options.name}: consuming ${this.settings.consumerName} failed (${(error as Error).message}); retrying`,
        );
      }
      if (!this.closed) {
        await sleep(250);
        await this.ensureConsumer().catch(() => undefined);
      }
    }
  }

  private async deliver(message: JsMsg): Promise<void> {
    const { counters } = this.context;
    const attempt = message.info.deliveryCount;
    counters.delivered++;
    if (attempt > 1) counters.redelivered++;
    if (this.handled.has(message.seq)) {
      // Handled already; the acknowledgement was lost in a failover.
      this.acknowledge(message);
      return;
    }
    let payload: EventPayload;
    try {
      payload = decodeEventPayload(message.data);
    } catch (error) {
      await this.deadLetter(message, error);
      return;
    }
    if (!this.settings.matches(payload.event)) {
      message.ack();
      return;
    }
    if (attempt > this.settings.maxDeliver) {
      await this.deadLetter(
        message,
        new Error('its process died on the last attempt'),
      );
      return;
    }
    this.current = message; // `keepWorking` extends its ack wait while the handler runs

    try {
      await this.handler(payload.value, {
        event: payload.event,
        value: payload.value,
        seq: message.seq,
        id: message.headers?.get('Nats-Msg-Id') ?? '',
        ts: payload.ts,
        origin: payload.origin,
        attempt,
        transport: 'nats',
      });
    } catch (error) {
      if (attempt >= this.settings.maxDeliver)
        await this.deadLetter(message, error);
      else message.nak(retryDelayMs(attempt));
      return;
    } finally {
      this.current = undefined;
    }
    this.handled.add(message.seq);
    this.acknowledge(message);
    if (this.options.once) this.closed = true;
  }

  /**
   * Acknowledges without waiting for the server's confirmation (one round trip per event
   * would cap a subscriber near 5,000 events/s). An acknowledgement lost in a failover makes
   * the server deliver the event again: this subscriber skips it (see `handled`).
   */
  private acknowledge(message: JsMsg): void {
    message.ack();
    this.context.counters.acknowledged++;
  }

  private async deadLetter(message: JsMsg, error: unknown): Promise<void> {
    const { nats } = natsLibraries();
    const { jetstream, settings, counters, logger } = this.context;
    const reason = (error as Error)?.message ?? String(error);
    const headers = nats.headers();
    headers.set('Mvent-Subject', message.subject);
    headers.set('Mvent-Seq', String(message.seq));
    headers.set('Mvent-Attempts', String(message.info.deliveryCount));
    headers.set('Mvent-Handler', this.options.name);
    headers.set('Mvent-Error', reason.slice(0, 1000));
    const subject = `${settings.deadLetterPrefix}.${this.settings.consumerName}`;
    await jetstream.publish(subject, message.data, {
      headers,
      msgID: `dlq-${settings.stream}-${message.seq}-${this.settings.consumerName}`,
    });
    message.term(); // no reason: servers before 2.10 ignore a +TERM that has one
    counters.deadLettered++;
    logger.error(
      `${this.options.name}: event #${message.seq} on ${message.subject} failed ${message.info.deliveryCount} time(s) (${reason}); moved to ${subject}`,
    );
  }
}

function consumerConfig(
  settings: SubscriptionSettings,
  subject: string,
  options: TransportSubscribeOptions,
): Partial<ConsumerConfig> {
  const { jetstream, nats } = natsLibraries();
  const config: Partial<ConsumerConfig> = {
    ack_policy: jetstream.AckPolicy.Explicit,
    filter_subject: subject,
    // One more than ours: a process that dies on its last attempt still gets it dead-lettered.
    max_deliver: settings.maxDeliver + 1,
    ack_wait: nats.nanos(settings.ackWait),
    max_ack_pending: 1000,
    deliver_policy: jetstream.DeliverPolicy.New,
  };
  if (settings.group) config.durable_name = settings.consumerName;
  else {
    config.name = settings.consumerName;
    config.inactive_threshold = nats.nanos(BROADCAST_INACTIVE_MS);
  }
  if (options.from !== undefined) {
    config.deliver_policy = jetstream.DeliverPolicy.StartSequence;
    config.opt_start_seq = options.from;
  } else if (options.since !== undefined) {
    config.deliver_policy = jetstream.DeliverPolicy.StartTime;
    config.opt_start_time = options.since.toISOString();
  } else if (options.replay === 'latest') {
    config.deliver_policy = jetstream.DeliverPolicy.LastPerSubject;
  }
  return config;
}
