import type {
  TransportEventHandler,
  TransportSubscribeOptions,
  TransportSubscription,
} from '@mvent/core';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { PendingAcks } from '../delivery/pending-acks';
import { RecentSequences } from '../delivery/recent-sequences';
import type { SubscriptionSettings } from '../delivery/subscription-settings';
import { subscriptionSettings } from '../delivery/subscription-settings';
import type { EventPayload } from '../wire/event-payload';
import { decodeEventPayload } from '../wire/event-payload';
import { MalformedMessageError } from '../wire/malformed-message.error';
import { PROCESS_ORIGIN } from '../wire/origin';
import { startPosition } from './redis-start-position';
import { duplicateConnection } from './redis-connections';
import { deadLetterEntry } from './redis-dead-letters';
import type { Entry } from './redis-reclaim';
import { BATCH, reclaimIdleEntries } from './redis-reclaim';
import type { RedisContext } from './redis-transport';

/**
 * One `@OnEvent` subscription on the event stream: a consumer group (the `@OnEvent` group's,
 * or one of its own for a broadcast subscriber) read with `XREADGROUP`, handled one event at
 * a time in stream order, acknowledged with `XACK` after the handler succeeds. Pending events
 * idle for `ackWait` (a handler threw, or a member died) are claimed with `XAUTOCLAIM`.
 */
export class RedisSubscription implements TransportSubscription {
  private readonly consumer = `${PROCESS_ORIGIN}/${randomUUID().slice(0, 8)}`;
  private readonly reader: Redis;
  /** By stream entry id: the server's, which a restart does not hand out again. */
  private readonly handled = new RecentSequences<string>();
  private readonly acks = new PendingAcks();
  private closed = false;
  private loop: Promise<void> = Promise.resolve();
  private nextReclaim = 0;
  private current: string | undefined;
  private keepClaimed: NodeJS.Timeout | undefined;

  private constructor(
    private readonly context: RedisContext,
    private readonly handler: TransportEventHandler,
    private readonly options: TransportSubscribeOptions,
    private readonly settings: SubscriptionSettings,
  ) {
    // XREADGROUP blocks its connection: each subscription reads on one of its own.
    this.reader = duplicateConnection(
      context.client,
      context.logger,
      options.name,
    );
  }

  /** Creates (or joins) the consumer group and starts delivering. */
  static async start(
    context: RedisContext,
    pattern: string,
    handler: TransportEventHandler,
    options: TransportSubscribeOptions,
  ): Promise<RedisSubscription> {
    const settings = subscriptionSettings(
      'redis',
      pattern,
      options,
      context.settings,
      ['replay'],
    );
    const subscription = new RedisSubscription(
      context,
      handler,
      options,
      settings,
    );
    await subscription.ensureGroup();
    subscription.keepClaimed = setInterval(
      () => subscription.claimCurrent(),
      settings.ackWait / 4,
    );
    subscription.loop = subscription.run();
    return subscription;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.keepClaimed);
    this.reader.disconnect(); // ends a blocked XREADGROUP
    await this.loop;
    await this.acks.settled();
    if (!this.settings.group) {
      const { client, keys } = this.context;
      await client
        .xgroup('DESTROY', keys.events, this.settings.consumerName)
        .catch(() => undefined);
    }
  }

  /** A handler that runs long keeps its event: claiming it again resets its idle time. */
  private claimCurrent(): void {
    if (this.current === undefined) return;
    const { client, keys } = this.context;
    void client
      .xclaim(
        keys.events,
        this.settings.consumerName,
        this.consumer,
        0,
        this.current,
        'JUSTID',
      )
      .catch(() => undefined);
  }

  private async ensureGroup(start?: string): Promise<void> {
    const { client, keys } = this.context;
    start ??= await startPosition(client, keys.events, this.options);
    try {
      await client.xgroup(
        'CREATE',
        keys.events,
        this.settings.consumerName,
        start,
        'MKSTREAM',
      );
    } catch (error) {
      // BUSYGROUP: another member made it; join it where it is.
      if (!String((error as Error).message).startsWith('BUSYGROUP'))
        throw error;
    }
  }

  private async run(): Promise<void> {
    const { keys, logger } = this.context;
    // Short enough for a reclaim pass every `ackWait / 4`.
    const blockMs = Math.max(50, Math.min(1000, this.settings.ackWait / 4));
    while (!this.closed) {
      try {
        if (Date.now() >= this.nextReclaim) await this.reclaim();
        const reply = (await this.reader.xreadgroup(
          'GROUP',
          this.settings.consumerName,
          this.consumer,
          'COUNT',
          BATCH,
          'BLOCK',
          blockMs,
          'STREAMS',
          keys.events,
          '>',
        )) as [string, Entry[]][] | null;
        for (const entry of reply?.[0]?.[1] ?? []) {
          if (this.closed) break;
          await this.deliver(entry, 1);
        }
      } catch (error) {
        if (this.closed) return;
        const message = (error as Error).message;
        if (message.startsWith('NOGROUP')) {
          await this.recoverLostGroup().catch(() => undefined);
        } else {
          logger.warn(
            `${this.options.name}: reading ${keys.events} failed (${message}); retrying`,
          );
          await sleep(250);
        }
      }
    }
  }

  /**
   * The group vanished while this subscriber read it: the server lost its data (restarted
   * without persistence, or flushed). Says so, counts it, forgets the ids it handled (the
   * server hands them out afresh) and joins the group again at the start of what the stream
   * holds now, so that no event stored since is skipped.
   */
  private async recoverLostGroup(): Promise<void> {
    const { keys, logger, counters } = this.context;
    counters.dataLost++;
    logger.error(
      `${this.options.name}: the consumer group "${this.settings.consumerName}" of ${keys.events} is gone: the Redis server lost its data (restarted without appendonly?). Events it held that were not handled yet are lost; resuming from the start of what the stream holds now.`,
    );
    this.handled.clear();
    await this.ensureGroup('0');
  }

  /** Takes over the group's events idle too long: a thrown handler's, a dead member's. */
  private async reclaim(): Promise<void> {
    this.nextReclaim = Date.now() + Math.max(50, this.settings.ackWait / 4);
    await reclaimIdleEntries(this.context, {
      group: this.settings.consumerName,
      consumer: this.consumer,
      ackWait: this.settings.ackWait,
      closed: () => this.closed,
      deliver: (entry, attempt) => this.deliver(entry, attempt),
    });
  }

  private async deliver(
    [entryId, fields]: Entry,
    attempt: number,
  ): Promise<void> {
    const { counters } = this.context;
    counters.delivered++;
    if (attempt > 1) counters.redelivered++;
    const field = (name: string) => fields[fields.indexOf(name) + 1];
    if (this.handled.has(entryId))
      return this.acks.track(this.acknowledge(entryId));
    const seq = Number(field('s'));
    let payload: EventPayload;
    try {
      if (!Number.isSafeInteger(seq) || seq < 1) {
        throw new MalformedMessageError('event', `sequence ${field('s')}`);
      }
      payload = decodeEventPayload(Buffer.from(field('p') ?? '', 'utf8'));
    } catch (error) {
      counters.refused++;
      return this.deadLetter(entryId, fields, attempt, error);
    }
    if (!this.settings.matches(payload.event))
      return this.acks.track(this.acknowledge(entryId, false));
    if (attempt > this.settings.maxDeliver) {
      return this.deadLetter(
        entryId,
        fields,
        attempt,
        new Error('its process died on the last attempt'),
      );
    }
    this.current = entryId; // `keepClaimed` resets its idle time while the handler runs
    try {
      await this.handler(payload.value, {
        event: payload.event,
        value: payload.value,
        seq,
        id: field('i') ?? '',
        ts: payload.ts,
        origin: payload.origin,
        attempt,
        transport: 'redis',
      });
    } catch (error) {
      // Left pending: XAUTOCLAIM delivers it again after ackWait, to another member if there
      // is one: this member's own reclaim waits two ackWaits, so that a member whose handler
      // hangs does not take the same event back again and again.
      if (attempt >= this.settings.maxDeliver)
        await this.deadLetter(entryId, fields, attempt, error);
      else this.nextReclaim = Date.now() + 2 * this.settings.ackWait;
      return;
    } finally {
      this.current = undefined;
    }
    this.handled.add(entryId);
    await this.acks.track(this.acknowledge(entryId));
    if (this.options.once) this.closed = true;
  }

  /** An acknowledgement lost with the connection leaves the event pending: reclaimed, then skipped. */
  private async acknowledge(entryId: string, count = true): Promise<void> {
    try {
      await this.context.client.xack(
        this.context.keys.events,
        this.settings.consumerName,
        entryId,
      );
      if (count) this.context.counters.acknowledged++;
    } catch (error) {
      this.context.logger.warn(
        `${this.options.name}: acknowledging ${entryId} failed (${(error as Error).message})`,
      );
    }
  }
  private deadLetter(
    entryId: string,
    fields: string[],
    attempts: number,
    error: unknown,
  ): Promise<void> {
    return deadLetterEntry(this.context, {
      entryId,
      fields,
      attempts,
      error,
      group: this.settings.consumerName,
      handler: this.options.name,
    });
  }
}
