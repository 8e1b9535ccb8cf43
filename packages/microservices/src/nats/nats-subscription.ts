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
import { MalformedMessageError } from '../wire/malformed-message.error';
import { natsLibraries } from './nats-libraries';
import { handleBatch } from './nats-batch';
import { consumerConfig } from './nats-consumer-config';
import { eventSubject, patternSubject } from './nats-subjects';
import type { NatsContext } from './nats-transport';

/**
 * One `@OnEvent` subscription on JetStream: a durable pull consumer, with the stream's
 * replicas so that it outlives any one node, whose events are handled one at a time, in
 * stream order, and acknowledged after the handler succeeds. A group's consumer is shared by
 * its members; a broadcast subscriber's is its own, removed at close, or by the servers once
 * nobody pulled from it for `broadcastInactiveThreshold`. A consumer that vanishes anyway (that
 * threshold passed while this process was stopped) is re-created where this subscriber
 * stopped, not at new events, and the loss of it is logged.
 */
export class NatsSubscription implements TransportSubscription {
  private messages: ConsumerMessages | undefined;
  private closed = false;
  private readonly handled = new RecentSequences();
  /** The last stream sequence this subscriber finished (handled, skipped or dead-lettered). */
  private lastFinished = 0;
  /** Sequences handed back (`nak`) for a retry and not finished since. */
  private readonly retrying = new Set<number>();
  private loop: Promise<void> = Promise.resolve();
  private current: JsMsg | undefined;
  private keepWorking: NodeJS.Timeout | undefined;

  private constructor(
    private readonly context: NatsContext,
    private readonly handler: TransportEventHandler,
    private readonly options: TransportSubscribeOptions,
    private readonly settings: SubscriptionSettings,
    private config: Partial<ConsumerConfig>,
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
      consumerConfig(settings, subject, options, context.settings),
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
        while (!this.closed) {
          await handleBatch(consumer, this.settings.ackWait, {
            started: messages => (this.messages = messages),
            closed: () => this.closed,
            deliver: message => this.deliver(message),
          });
        }
      } catch (error) {
        if (this.closed) return;
        this.context.logger.warn(
          `${this.options.name}: consuming ${this.settings.consumerName} failed (${(error as Error).message}); ${this.resumeNote()}`,
        );
      }
      if (!this.closed) {
        await sleep(250);
        this.resumeWhereStopped();
        await this.ensureConsumer().catch(() => undefined);
      }
    }
  }

  /**
   * A broadcast consumer re-created after it vanished starts at the first event this
   * subscriber has not finished, so nothing between is missed (`handled` skips repeats).
   * A group's consumer is shared: its position is the group's, kept by the servers.
   */
  private resumeWhereStopped(): void {
    if (this.settings.group || this.lastFinished === 0) return;
    const { jetstream } = natsLibraries();
    this.config = {
      ...this.config,
      deliver_policy: jetstream.DeliverPolicy.StartSequence,
      opt_start_seq: Math.min(this.lastFinished + 1, ...this.retrying),
    };
  }

  private resumeNote(): string {
    return this.settings.group || this.lastFinished === 0
      ? 'retrying'
      : `re-creating it if it is gone, from stream sequence ${Math.min(this.lastFinished + 1, ...this.retrying)}`;
  }

  private finished(seq: number): void {
    this.retrying.delete(seq);
    if (seq > this.lastFinished) this.lastFinished = seq;
  }

  private async deliver(message: JsMsg): Promise<void> {
    const { counters } = this.context;
    const attempt = message.info.deliveryCount;
    counters.delivered++;
    if (attempt > 1) counters.redelivered++;
    if (this.handled.has(message.seq)) {
      // Handled already; the acknowledgement was lost in a failover.
      this.acknowledge(message);
      this.finished(message.seq);
      return;
    }
    let payload: EventPayload;
    try {
      payload = decodeEventPayload(message.data);
      // The subject is the server's; the name inside the payload is only the publisher's word.
      if (
        eventSubject(this.context.settings.subjectPrefix, payload.event) !==
        message.subject
      ) {
        throw new MalformedMessageError(
          'event',
          `its payload names "${payload.event}" but it was published on ${message.subject}`,
        );
      }
    } catch (error) {
      counters.refused++;
      await this.deadLetter(message, error);
      return;
    }
    if (!this.settings.matches(payload.event)) {
      message.ack();
      this.finished(message.seq);
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
      else {
        this.retrying.add(message.seq);
        message.nak(retryDelayMs(attempt));
      }
      return;
    } finally {
      this.current = undefined;
    }
    this.handled.add(message.seq);
    this.acknowledge(message);
    this.finished(message.seq);
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
    this.finished(message.seq);
    counters.deadLettered++;
    logger.error(
      `${this.options.name}: event #${message.seq} on ${message.subject} failed ${message.info.deliveryCount} time(s) (${reason}); moved to ${subject}`,
    );
  }
}
