import type {
  TransportRequest,
  TransportResponse,
  TransportRoute,
  TransportSubscription,
} from '@mvent/core';
import {
  RoutePath,
  RouteTable,
  stringifyJson,
  TransportTimeoutError,
} from '@mvent/core';
import type Redis from 'ioredis';
import { randomUUID } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { notFoundResponse, RouteResponder } from '../rpc/route-responder';
import { PROCESS_ORIGIN } from '../wire/origin';
import type { WireResponse } from '../wire/rpc-wire';
import {
  parseWireRequest,
  parseWireResponse,
  toTransportResponse,
  wireRequestOf,
} from '../wire/rpc-wire';
import { duplicateConnection } from './redis-connections';
import type { RedisContext } from './redis-transport';

const SERVERS_GROUP = 'servers';
/** A server lists its routes for this long, and renews them at a third of it. */
const ROUTE_LEASE_MS = 15_000;
const ROUTES_CACHE_MS = 1000;
const REQUEST_STREAM_LEN = 10_000;
const REPLY_TTL_MS = 60_000;

type Entry = [id: string, fields: string[]];

/**
 * Serves `routes` on a stream per route, read by the consumer group `servers`, so that each
 * request is answered by one of the instances serving its route. The routes are listed in a
 * sorted set under a lease that the server renews, so clients find them and stop when it dies.
 */
export async function serveOverRedis(
  context: RedisContext,
  routes: readonly TransportRoute[],
): Promise<TransportSubscription> {
  const { client, keys, counters, logger } = context;
  const responder = new RouteResponder(routes, 'redis', logger);
  const server = `${PROCESS_ORIGIN}/${randomUUID().slice(0, 8)}`;
  const streams = routes.map(route => keys.route(route.path.shape));
  for (const stream of streams) {
    await client
      .xgroup('CREATE', stream, SERVERS_GROUP, '$', 'MKSTREAM')
      .catch((error: Error) => {
        if (!error.message.startsWith('BUSYGROUP')) throw error;
      });
  }
  const members = routes.map(route => `${route.path.toString()}\n${server}`);
  const lease = async () => {
    const until = Date.now() + ROUTE_LEASE_MS;
    await client.zadd(
      keys.routes,
      ...members.flatMap(member => [until, member]),
    );
  };
  await lease();
  const renew = setInterval(
    () => void lease().catch(() => undefined),
    ROUTE_LEASE_MS / 3,
  );
  const reader = duplicateConnection(client, logger, 'serving routes');
  const inFlight = new Set<Promise<void>>();
  let closed = false;
  const answer = async (stream: string, [id, fields]: Entry): Promise<void> => {
    const field = (name: string) => fields[fields.indexOf(name) + 1];
    const replyTo = field('reply');
    let response: WireResponse | undefined;
    try {
      const request = parseWireRequest(field('r') ?? '');
      if (Date.now() <= request.deadline) {
        counters.served++;
        response = {
          ...(await responder.answer(request)),
          requestId: request.id,
        };
      }
    } catch (error) {
      logger.warn(
        `Dropped a malformed request on ${stream}: ${(error as Error).message}`,
      );
    }
    const pipeline = client
      .multi()
      .xack(stream, SERVERS_GROUP, id)
      .xdel(stream, id);
    if (response && replyTo?.startsWith(keys.replies(''))) {
      pipeline
        .xadd(replyTo, 'MAXLEN', '~', 1000, '*', 'r', stringifyJson(response)!)
        .pexpire(replyTo, REPLY_TTL_MS);
    }
    await pipeline.exec();
  };
  const loop = (async () => {
    while (!closed) {
      try {
        const reply = (await reader.xreadgroup(
          'GROUP',
          SERVERS_GROUP,
          server,
          'COUNT',
          50,
          'BLOCK',
          1000,
          'STREAMS',
          ...streams,
          ...streams.map(() => '>'),
        )) as [string, Entry[]][] | null;
        for (const [stream, entries] of reply ?? []) {
          for (const entry of entries) {
            const work = answer(stream, entry).finally(() =>
              inFlight.delete(work),
            );
            inFlight.add(work);
          }
        }
      } catch (error) {
        if (closed) return;
        logger.warn(
          `Reading requests failed (${(error as Error).message}); retrying`,
        );
        await sleep(250);
      }
    }
  })();
  return {
    close: async () => {
      closed = true;
      clearInterval(renew);
      reader.disconnect();
      await loop;
      await Promise.all(inFlight);
      await client.zrem(keys.routes, ...members).catch(() => undefined);
    },
  };
}

interface Pending {
  resolve: (response: WireResponse) => void;
}

/**
 * Sends requests to the stream of the route that serves them and reads the responses from a
 * reply stream of its own.
 */
export class RedisRpcClient {
  private readonly id = randomUUID();
  private readonly replies: string;
  private readonly reader: Redis;
  private readonly pending = new Map<string, Pending>();
  private routes: { table: RouteTable<string>; readAt: number } | undefined;
  private closed = false;
  private readonly loop: Promise<void>;

  constructor(private readonly context: RedisContext) {
    this.replies = context.keys.replies(this.id);
    this.reader = duplicateConnection(
      context.client,
      context.logger,
      'reading replies',
    );
    this.loop = this.readReplies();
  }

  /** @throws TransportTimeoutError when no response arrives within the timeout */
  async request(
    url: string,
    request: TransportRequest = {},
  ): Promise<TransportResponse> {
    const { client, keys, settings, counters } = this.context;
    const timeout = request.timeout ?? settings.requestTimeout;
    const path = url.split('?')[0];
    const shape = await this.routeOf(path);
    counters.requests++;
    if (shape === undefined) return toTransportResponse(notFoundResponse(path));
    const wire = wireRequestOf(url, request, timeout);
    const response = new Promise<WireResponse | undefined>(resolve => {
      const timer = setTimeout(() => {
        this.pending.delete(wire.id);
        resolve(undefined);
      }, timeout);
      this.pending.set(wire.id, {
        resolve: value => {
          clearTimeout(timer);
          this.pending.delete(wire.id);
          resolve(value);
        },
      });
    });
    await client.xadd(
      keys.route(shape),
      'MAXLEN',
      '~',
      REQUEST_STREAM_LEN,
      '*',
      'r',
      stringifyJson(wire)!,
      'reply',
      this.replies,
    );
    const answered = await response;
    if (!answered) throw new TransportTimeoutError('redis', url, timeout);
    return toTransportResponse(answered);
  }

  async close(): Promise<void> {
    this.closed = true;
    this.reader.disconnect();
    await this.loop;
    await this.context.client.del(this.replies).catch(() => undefined);
  }

  /** The shape of the route serving `path`, re-reading the listed routes when it is unknown. */
  private async routeOf(path: string): Promise<string | undefined> {
    const fresh =
      this.routes && Date.now() - this.routes.readAt < ROUTES_CACHE_MS;
    let match = fresh ? this.routes!.table.matchPath(path) : undefined;
    if (!match && (!this.routes || Date.now() - this.routes.readAt > 100)) {
      const listed = await this.context.client.zrangebyscore(
        this.context.keys.routes,
        Date.now(),
        '+inf',
      );
      const table = new RouteTable<string>();
      const shapes = new Set<string>();
      for (const member of listed) {
        const parsed = RoutePath.parse(member.split('\n')[0]);
        if (shapes.has(parsed.shape)) continue; // served by several instances
        shapes.add(parsed.shape);
        table.add(parsed, parsed.shape);
      }
      this.routes = { table, readAt: Date.now() };
      match = table.matchPath(path);
    }
    return match?.handler;
  }

  private async readReplies(): Promise<void> {
    let last = '0-0';
    while (!this.closed) {
      try {
        const reply = await this.reader.xread(
          'BLOCK',
          1000,
          'STREAMS',
          this.replies,
          last,
        );
        for (const [id, fields] of reply?.[0]?.[1] ?? []) {
          last = id;
          const response = parseWireResponse(
            fields[fields.indexOf('r') + 1] ?? '',
          );
          if (response.requestId)
            this.pending.get(response.requestId)?.resolve(response);
        }
      } catch (error) {
        if (this.closed) return;
        this.context.logger.warn(
          `Reading replies failed (${(error as Error).message}); retrying`,
        );
        await sleep(250);
      }
    }
  }
}
