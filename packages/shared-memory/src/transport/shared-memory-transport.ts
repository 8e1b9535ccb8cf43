import type {
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
  TransportClosedError,
  TransportTimeoutError,
  UnsupportedEventOptionError,
} from '@mvent/core';
import { randomUUID } from 'node:crypto';
import { hostname } from 'node:os';
import { MemoryRpcTimeoutError } from '../errors/rpc.errors';
import type { PoolSource } from '../python/attached-bus';
import { AttachedBus } from '../python/attached-bus';
import { MemoryRpcClient } from '../rpc/memory-rpc-client';
import { MemoryRpcServer } from '../rpc/memory-rpc-server';

const HOST = hostname();
/** What the bus cannot honour: it has no groups, no stored positions by time, no redelivery. */
const UNSUPPORTED = ['group', 'since', 'maxDeliver', 'ackWait'] as const;

/**
 * The shared-memory engine as an {@link MventTransport}, for `MventEventsModule`: the same
 * handlers as on NATS or Redis, between the processes of one machine. Events reach every
 * subscriber of every attached process in order; a handler that throws is counted and
 * logged, not redelivered, and `group`, `since`, `maxDeliver` and `ackWait` are refused at
 * start. Publish ids are not deduplicated. Requests go over memory RPC.
 *
 * @publicApi
 */
export class SharedMemoryTransport implements MventTransport {
  readonly name = 'memory';
  private attached: AttachedBus | undefined;
  private client: MemoryRpcClient | undefined;
  private readonly counters = {
    published: 0,
    delivered: 0,
    acknowledged: 0,
    requests: 0,
    served: 0,
  };

  /** @param source an open pool, a pool name, or pool options @default the pool `mvent` */
  constructor(private readonly source?: PoolSource) {}

  async connect(): Promise<void> {
    if (this.attached) return;
    const attached = new AttachedBus(this.source, 'mvent');
    await attached.bus.ready;
    this.attached = attached;
    this.client = new MemoryRpcClient(attached.bus);
  }

  publish(
    event: string,
    value: unknown,
    options: PublishOptions = {},
  ): Promise<PublishReceipt> {
    const seq = this.bus().emit(event, value);
    this.counters.published++;
    return Promise.resolve({
      id: options.id ?? randomUUID(),
      seq,
      duplicate: false,
    });
  }

  subscribe(
    pattern: string,
    handler: TransportEventHandler,
    options: TransportSubscribeOptions,
  ): Promise<TransportSubscription> {
    UnsupportedEventOptionError.assertNone(
      'shared-memory',
      options.name,
      options,
      UNSUPPORTED,
    );
    const subscription = this.bus().on(
      pattern,
      (value, envelope) => {
        this.counters.delivered++;
        const result = handler(value, {
          event: envelope.event,
          value,
          seq: envelope.seq,
          id: String(envelope.seq),
          ts: envelope.ts,
          origin: `${HOST}/${envelope.origin}`,
          attempt: 1,
          transport: this.name,
        });
        return result instanceof Promise
          ? result.then(() => void this.counters.acknowledged++)
          : void this.counters.acknowledged++;
      },
      options,
    );
    return Promise.resolve({
      close: () => Promise.resolve(subscription.unsubscribe()),
    });
  }

  async serve(
    routes: readonly TransportRoute[],
  ): Promise<TransportSubscription> {
    const server = new MemoryRpcServer(this.bus());
    for (const route of routes) {
      server.addRoute(
        route.path,
        request => {
          this.counters.served++;
          return route.invoke(request);
        },
        route.name,
      );
    }
    await server.listen();
    return { close: () => server.close() };
  }

  async request(
    path: string,
    request: TransportRequest = {},
  ): Promise<TransportResponse> {
    this.bus();
    this.counters.requests++;
    try {
      const response = await this.client!.send(path, request);
      return {
        statusCode: response.statusCode,
        headers: response.headers,
        body: response.body,
        servedBy: response.servedBy ? `${HOST}/${response.servedBy}` : '',
      };
    } catch (error) {
      if (error instanceof MemoryRpcTimeoutError) {
        throw new TransportTimeoutError(this.name, path, error.timeoutMs);
      }
      throw error;
    }
  }

  stats(): TransportStats {
    return {
      connected: this.attached !== undefined,
      disconnects: 0,
      reconnects: 0,
      duplicates: 0,
      redelivered: 0,
      deadLettered: 0,
      refused: 0,
      dataLost: 0,
      ...this.counters,
    };
  }

  async close(): Promise<void> {
    const attached = this.attached;
    this.attached = undefined;
    this.client?.close();
    this.client = undefined;
    await attached?.close();
  }

  private bus() {
    if (!this.attached) throw new TransportClosedError(this.name);
    return this.attached.bus;
  }
}

/**
 * The shared-memory transport for `MventEventsModule.forRoot({ transport })`.
 *
 * @example
 * ```ts
 * MventEventsModule.forRoot({ transport: sharedMemoryTransport({ name: 'orders' }) })
 * ```
 * @publicApi
 */
export function sharedMemoryTransport(
  source?: PoolSource,
): SharedMemoryTransport {
  return new SharedMemoryTransport(source);
}
