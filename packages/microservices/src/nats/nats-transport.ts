import type {
  LoggerService,
  MventTransport,
  PublishOptions,
  PublishReceipt,
  TransportEventHandler,
  TransportRequest,
  TransportResponse,
  TransportRoute,
  TransportStats,
  TransportSubscribeOptions,
  TransportSubscription,
} from '@mvent/core';
import {
  Logger,
  TransportClosedError,
  TransportConnectionError,
} from '@mvent/core';
import type { JetStreamClient, JetStreamManager } from '@nats-io/jetstream';
import type { NatsConnection } from '@nats-io/transport-node';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { definedOptions } from '../defined-options.util';
import { OpenSubscriptions } from '../open-subscriptions';
import { TransportCounters } from '../transport-counters';
import { encodeEventPayload } from '../wire/event-payload';
import { PROCESS_ORIGIN } from '../wire/origin';
import { natsLibraries } from './nats-libraries';
import { requestOverNats, serveOverNats } from './nats-rpc';
import { NatsSubscription } from './nats-subscription';
import { eventSubject } from './nats-subjects';
import { ensureStreams } from './nats-streams';
import type { NatsTransportOptions } from './nats-transport-options.interface';

const DAY_MS = 24 * 60 * 60 * 1000;

/** The options with their defaults filled in. */
export type NatsSettings = Required<
  Omit<NatsTransportOptions, 'connectionOptions'>
> &
  Pick<NatsTransportOptions, 'connectionOptions'> & { servers: string[] };

/** What a subscription or the RPC side needs of its transport. */
export interface NatsContext {
  connection: NatsConnection;
  jetstream: JetStreamClient;
  manager: JetStreamManager;
  settings: NatsSettings;
  counters: TransportCounters;
  logger: LoggerService;
}

/**
 * Events on NATS JetStream and requests on NATS request/reply: see {@link natsTransport}.
 *
 * @publicApi
 */
export class NatsTransport implements MventTransport {
  readonly name = 'nats';
  private readonly settings: NatsSettings;
  private readonly counters = new TransportCounters();
  private readonly logger = new Logger('NatsTransport');
  private readonly open = new OpenSubscriptions();
  private context: NatsContext | undefined;

  constructor(options: NatsTransportOptions) {
    const servers = [options.servers].flat();
    if (servers.length === 0 || servers.some(s => typeof s !== 'string')) {
      throw new TypeError(
        'natsTransport() needs `servers`: one URL or a list.',
      );
    }
    this.settings = {
      stream: 'MVENT_EVENTS',
      subjectPrefix: 'mvent.events',
      rpcPrefix: 'mvent.rpc',
      deadLetterPrefix: 'mvent.dlq',
      replicas: 1,
      storage: 'file',
      maxAge: 7 * DAY_MS,
      duplicateWindow: 120_000,
      publishRetryMs: 30_000,
      maxDeliver: 5,
      ackWait: 10_000,
      broadcastInactiveThreshold: 60_000,
      queue: 'mvent',
      requestTimeout: 30_000,
      connectTimeout: 5_000,
      name: `mvent ${PROCESS_ORIGIN}`,
      ...definedOptions(options),
      servers,
    };
  }

  async connect(): Promise<void> {
    if (this.context) return;
    const { nats, jetstream } = natsLibraries();
    const { settings } = this;
    let connection: NatsConnection;
    try {
      connection = await nats.connect({
        maxReconnectAttempts: -1,
        reconnectTimeWait: 250,
        // A frozen server (no answer to 2 pings 2 s apart) is left for another within ~6 s;
        // the client's default takes 2 minutes x 2.
        pingInterval: 2000,
        maxPingOut: 2,
        ...settings.connectionOptions,
        servers: settings.servers,
        name: settings.name,
        timeout: settings.connectTimeout,
      });
    } catch (error) {
      throw new TransportConnectionError(
        'nats',
        settings.servers.join(', '),
        error,
      );
    }
    this.counters.connected = true;
    void this.watchStatus(connection);
    const manager = await jetstream.jetstreamManager(connection);
    await ensureStreams(manager, settings, this.logger);
    this.context = {
      connection,
      jetstream: jetstream.jetstream(connection),
      manager,
      settings,
      counters: this.counters,
      logger: this.logger,
    };
    this.logger.log(
      `Connected to ${connection.getServer()}; events in stream ${settings.stream} (${settings.replicas} replica(s))`,
    );
  }

  async publish(
    event: string,
    value: unknown,
    options: PublishOptions = {},
  ): Promise<PublishReceipt> {
    const { jetstream, settings } = this.connected();
    const subject = eventSubject(settings.subjectPrefix, event);
    const id = options.id ?? randomUUID();
    const data = encodeEventPayload({
      event,
      value,
      origin: PROCESS_ORIGIN,
      ts: Date.now(),
    });
    const giveUpAt = Date.now() + settings.publishRetryMs;
    for (let attempt = 1; ; attempt++) {
      try {
        const ack = await jetstream.publish(subject, data, {
          msgID: id,
          timeout: 2000,
        });
        this.counters.published++;
        if (ack.duplicate) this.counters.duplicates++;
        return { id, seq: ack.seq, duplicate: ack.duplicate };
      } catch (error) {
        // A leader election or a lost connection: the same id keeps a retry from storing twice.
        if (Date.now() >= giveUpAt || this.context === undefined) throw error;
        await sleep(Math.min(50 * attempt, 500));
      }
    }
  }

  async subscribe(
    pattern: string,
    handler: TransportEventHandler,
    options: TransportSubscribeOptions,
  ): Promise<TransportSubscription> {
    return this.open.track(
      await NatsSubscription.start(this.connected(), pattern, handler, options),
    );
  }

  serve(routes: readonly TransportRoute[]): Promise<TransportSubscription> {
    return Promise.resolve(
      this.open.track(serveOverNats(this.connected(), routes)),
    );
  }

  request(
    path: string,
    request?: TransportRequest,
  ): Promise<TransportResponse> {
    return requestOverNats(this.connected(), path, request);
  }

  stats(): TransportStats {
    return this.counters.snapshot();
  }

  async close(): Promise<void> {
    const context = this.context;
    if (!context) return;
    this.context = undefined;
    await this.open.closeAll();
    await context.connection.drain().catch(() => context.connection.close());
    this.counters.connected = false;
  }

  private connected(): NatsContext {
    if (!this.context) throw new TransportClosedError('nats');
    return this.context;
  }

  private async watchStatus(connection: NatsConnection): Promise<void> {
    for await (const status of connection.status()) {
      if (status.type === 'disconnect') {
        this.counters.connected = false;
        this.counters.disconnects++;
        this.logger.warn(
          `Lost the connection to ${status.server}; reconnecting`,
        );
      } else if (status.type === 'reconnect') {
        this.counters.connected = true;
        this.counters.reconnects++;
        this.logger.log(`Reconnected to ${status.server}`);
      }
    }
  }
}

/**
 * The NATS JetStream transport for `MventEventsModule`: events are stored in a JetStream
 * stream (replicated with `replicas`), each `@OnEvent` group is a durable consumer and each
 * broadcast subscriber a durable one of its own; events are acknowledged once their handler succeeds,
 * redelivered when it throws or its process dies, and dead-lettered after `maxDeliver`
 * deliveries. `@OnRequest` routes are served over NATS request/reply with queue groups.
 *
 * @example
 * ```ts
 * MventEventsModule.forRoot({ transport: natsTransport({ servers: ['nats://a:4222', 'nats://b:4222'], replicas: 3 }) })
 * ```
 * @publicApi
 */
export function natsTransport(options: NatsTransportOptions): NatsTransport {
  return new NatsTransport(options);
}
