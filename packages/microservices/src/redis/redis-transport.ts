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
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { definedOptions } from '../defined-options.util';
import { OpenSubscriptions } from '../open-subscriptions';
import { TransportCounters } from '../transport-counters';
import { encodeEventPayload } from '../wire/event-payload';
import { PROCESS_ORIGIN } from '../wire/origin';
import { RedisKeys } from './redis-keys';
import { redisLibrary } from './redis-libraries';
import { RedisRpcClient, serveOverRedis } from './redis-rpc';
import { RedisSubscription } from './redis-subscription';
import type { RedisTransportOptions } from './redis-transport-options.interface';

/**
 * Stores an event once per publish id, atomically: the id's dedupe marker, the next
 * sequence number and the stream entry. Answers `{seq, duplicate}`.
 */
const PUBLISH_SCRIPT = `
local existing = redis.call('GET', KEYS[3])
if existing then return {tonumber(existing), 1} end
local seq = redis.call('INCR', KEYS[2])
redis.call('XADD', KEYS[1], 'MAXLEN', '~', ARGV[4], '*', 's', seq, 'i', ARGV[1], 'p', ARGV[2])
redis.call('SET', KEYS[3], seq, 'PX', ARGV[3])
return {seq, 0}`;

type PublishingRedis = Redis & {
  mventPublish(
    ...args: (string | number | Buffer)[]
  ): Promise<[number, number]>;
};

/** The options with their defaults filled in. */
export type RedisSettings = Required<
  Omit<RedisTransportOptions, 'connectionOptions'>
>;

/** What a subscription or the RPC side needs of its transport. */
export interface RedisContext {
  client: Redis;
  keys: RedisKeys;
  settings: RedisSettings;
  counters: TransportCounters;
  logger: LoggerService;
}

/**
 * Events on a Redis stream with consumer groups, requests on a stream per route: see
 * {@link redisTransport}.
 *
 * @publicApi
 */
export class RedisTransport implements MventTransport {
  readonly name = 'redis';
  private readonly settings: RedisSettings;
  private readonly counters = new TransportCounters();
  /** The last sequence the server gave this process's publishes. */
  private lastSequence = 0;
  private readonly logger = new Logger('RedisTransport');
  private readonly open = new OpenSubscriptions();
  private context: RedisContext | undefined;
  private rpcClient: RedisRpcClient | undefined;

  constructor(private readonly options: RedisTransportOptions = {}) {
    this.settings = {
      url: 'redis://127.0.0.1:6379',
      prefix: 'mvent',
      maxLen: 1_000_000,
      duplicateWindow: 120_000,
      maxDeliver: 5,
      ackWait: 10_000,
      requestTimeout: 30_000,
      connectTimeout: 5_000,
      ...definedOptions(options),
    };
    delete (this.settings as RedisTransportOptions).connectionOptions;
  }

  async connect(): Promise<void> {
    if (this.context) return;
    const RedisClient = redisLibrary();
    const client = new RedisClient(this.settings.url, {
      lazyConnect: true,
      connectTimeout: this.settings.connectTimeout,
      maxRetriesPerRequest: null,
      retryStrategy: attempt => Math.min(attempt * 100, 1000),
      ...this.options.connectionOptions,
    }) as PublishingRedis;
    let lastError: unknown;
    const remember = (error: unknown) => (lastError = error);
    client.on('error', remember);
    try {
      await client.connect();
    } catch (error) {
      client.disconnect();
      throw new TransportConnectionError(
        'redis',
        this.settings.url,
        lastError ?? error,
      );
    } finally {
      client.off('error', remember);
    }
    client.defineCommand('mventPublish', {
      numberOfKeys: 3,
      lua: PUBLISH_SCRIPT,
    });
    this.watchStatus(client);
    this.counters.connected = true;
    this.context = {
      client,
      keys: new RedisKeys(this.settings.prefix),
      settings: this.settings,
      counters: this.counters,
      logger: this.logger,
    };
    this.logger.log(
      `Connected to ${this.settings.url}; events in ${this.context.keys.events}`,
    );
  }

  async publish(
    event: string,
    value: unknown,
    options: PublishOptions = {},
  ): Promise<PublishReceipt> {
    const { client, keys, settings } = this.connected();
    if (typeof event !== 'string' || event.length === 0) {
      throw new TypeError('`event` must be a non-empty string');
    }
    const id = options.id ?? randomUUID();
    const payload = Buffer.from(
      encodeEventPayload({
        event,
        value,
        origin: PROCESS_ORIGIN,
        ts: Date.now(),
      }),
    );
    const [seq, duplicate] = await (client as PublishingRedis).mventPublish(
      keys.events,
      keys.sequence,
      keys.dedupe(id),
      id,
      payload,
      settings.duplicateWindow,
      settings.maxLen,
    );
    this.counters.published++;
    if (duplicate) this.counters.duplicates++;
    else this.noticeSequenceReset(seq);
    return { id, seq, duplicate: duplicate === 1 };
  }

  async subscribe(
    pattern: string,
    handler: TransportEventHandler,
    options: TransportSubscribeOptions,
  ): Promise<TransportSubscription> {
    return this.open.track(
      await RedisSubscription.start(
        this.connected(),
        pattern,
        handler,
        options,
      ),
    );
  }

  async serve(
    routes: readonly TransportRoute[],
  ): Promise<TransportSubscription> {
    return this.open.track(await serveOverRedis(this.connected(), routes));
  }

  request(
    path: string,
    request?: TransportRequest,
  ): Promise<TransportResponse> {
    this.rpcClient ??= new RedisRpcClient(this.connected());
    return this.rpcClient.request(path, request);
  }

  stats(): TransportStats {
    return this.counters.snapshot();
  }

  async close(): Promise<void> {
    const context = this.context;
    if (!context) return;
    this.context = undefined;
    await this.open.closeAll();
    await this.rpcClient?.close();
    this.rpcClient = undefined;
    await context.client.quit().catch(() => context.client.disconnect());
    this.counters.connected = false;
  }

  /**
   * The server's counter only grows, so a sequence below one this process was given means
   * the server lost its data (restarted without persistence): said once per reset. The
   * subscribers go by stream entry ids, so the reused numbers skip nothing.
   */
  private noticeSequenceReset(seq: number): void {
    if (seq < this.lastSequence) {
      this.counters.dataLost++;
      this.logger.error(
        `${this.settings.url} handed out sequence ${seq} after ${this.lastSequence}: the Redis server lost its data (restarted without appendonly?). Events it held and not yet handled are lost, and sequence numbers start again; nothing published from now on is skipped.`,
      );
    }
    this.lastSequence = seq;
  }

  private connected(): RedisContext {
    if (!this.context) throw new TransportClosedError('redis');
    return this.context;
  }

  private watchStatus(client: Redis): void {
    client.on('close', () => {
      if (!this.counters.connected) return;
      this.counters.connected = false;
      this.counters.disconnects++;
      if (this.context)
        this.logger.warn(
          `Lost the connection to ${this.settings.url}; reconnecting`,
        );
    });
    client.on('ready', () => {
      if (this.counters.connected) return;
      this.counters.connected = true;
      this.counters.reconnects++;
      this.logger.log(`Reconnected to ${this.settings.url}`);
    });
    client.on('error', (error: Error) =>
      this.logger.debug(`redis: ${error.message}`),
    );
  }
}

/**
 * The Redis Streams transport for `MventEventsModule`: events are appended to one stream
 * with `XADD` (deduplicated by publish id), each `@OnEvent` group is a consumer group read
 * with `XREADGROUP`, each broadcast subscriber a group of its own; events are acknowledged
 * (`XACK`) once their handler succeeds, and a thrown handler's or a dead consumer's pending
 * events are claimed again with `XAUTOCLAIM` after `ackWait`, up to `maxDeliver` times, then
 * moved to the dead-letter stream. `@OnRequest` routes are served on a stream per route.
 *
 * @example
 * ```ts
 * MventEventsModule.forRoot({ transport: redisTransport({ url: 'redis://10.0.0.5:6379' }) })
 * ```
 * @publicApi
 */
export function redisTransport(
  options?: RedisTransportOptions,
): RedisTransport {
  return new RedisTransport(options);
}
