/**
 * The contenders of `npm run bench:cluster`: mvent's transports, and what a
 * @nestjs/microservices user has today (core NATS and Redis pub/sub, JSON `{ pattern, data, id }`),
 * all driven by the same measurement code.
 */
import type { MventTransport } from '@mvent/core';
import { RoutePath } from '@mvent/core';
import { connect } from '@nats-io/transport-node';
import Redis from 'ioredis';
import { randomUUID } from 'node:crypto';

/** Something that carries events one way and requests both ways. */
export interface ClusterContender {
  name: string;
  /** Whether an event survives its subscriber being down. */
  durable: boolean;
  /** Subscribes `onEvent` and serves `/bench/echo`; resolves once both are live. */
  start(onEvent: (value: { t: number; i: number }) => void): Promise<void>;
  /** Resolves once the event is handed over (stored, for a durable transport). */
  publish(value: { t: number; i: number; body: string }): Promise<unknown>;
  /** Sends a request to `/bench/echo` and resolves with its response body. */
  request(value: { i: number; body: string }): Promise<unknown>;
  stop(): Promise<void>;
}

/** An mvent transport: a publishing and a subscribing instance, as on two hosts. */
export function mventContender(
  name: string,
  make: () => MventTransport,
): ClusterContender {
  const publisher = make();
  // One process has one shared-memory bus: its subscriber is the publisher's own.
  const subscriber = publisher.name === 'memory' ? publisher : make();
  let subscription: { close(): Promise<void> } | undefined;
  let serving: { close(): Promise<void> } | undefined;
  return {
    name,
    durable: publisher.name !== 'memory',
    start: async onEvent => {
      await Promise.all([publisher.connect(), subscriber.connect()]); // connect() is idempotent
      subscription = await subscriber.subscribe(
        'bench.event',
        value => onEvent(value as never),
        {
          name: 'Bench.onEvent',
          group: publisher.name === 'memory' ? undefined : 'bench',
        },
      );
      serving = await subscriber.serve([
        {
          path: RoutePath.parse('/bench/echo'),
          name: 'Bench.echo',
          invoke: request => Promise.resolve(request.json()),
        },
      ]);
    },
    publish: value => publisher.publish('bench.event', value),
    request: async value =>
      (await publisher.request('/bench/echo', { method: 'POST', body: value }))
        .body,
    stop: async () => {
      await subscription?.close();
      await serving?.close();
      await Promise.all([publisher.close(), subscriber.close()]); // so is close()
    },
  };
}

/** @nestjs/microservices' NATS transport: core NATS subjects, inbox replies, no storage. */
export function coreNatsContender(servers: string[]): ClusterContender {
  const encoder = new TextEncoder();
  const decoder = new TextDecoder();
  let pub: Awaited<ReturnType<typeof connect>>;
  let sub: Awaited<ReturnType<typeof connect>>;
  return {
    name: 'core NATS (Nest style)',
    durable: false,
    start: async onEvent => {
      [pub, sub] = await Promise.all([
        connect({ servers }),
        connect({ servers }),
      ]);
      sub.subscribe('bench.event', {
        callback: (_error, message) =>
          onEvent(
            (JSON.parse(decoder.decode(message.data)) as { data: never }).data,
          ),
      });
      sub.subscribe('bench.echo', {
        callback: (_error, message) => {
          const { id, data } = JSON.parse(decoder.decode(message.data)) as {
            id: string;
            data: unknown;
          };
          message.respond(
            encoder.encode(
              JSON.stringify({ id, response: data, isDisposed: true }),
            ),
          );
        },
      });
      await sub.flush();
    },
    publish: value => {
      pub.publish(
        'bench.event',
        encoder.encode(JSON.stringify({ pattern: 'bench.event', data: value })),
      );
      return Promise.resolve();
    },
    request: async value => {
      const reply = await pub.request(
        'bench.echo',
        encoder.encode(
          JSON.stringify({
            pattern: 'bench.echo',
            data: value,
            id: randomUUID(),
          }),
        ),
        { timeout: 5000 },
      );
      return (JSON.parse(decoder.decode(reply.data)) as { response: unknown })
        .response;
    },
    stop: async () => {
      await Promise.all([pub.close(), sub.close()]);
    },
  };
}

/** @nestjs/microservices' Redis transport: pub/sub channels, replies on `<pattern>.reply`. */
export function redisPubSubContender(url: string): ClusterContender {
  let pub: Redis;
  let sub: Redis;
  let replies: Redis;
  let server: Redis;
  const pending = new Map<string, (value: unknown) => void>();
  return {
    name: 'Redis pub/sub (Nest style)',
    durable: false,
    start: async onEvent => {
      [pub, sub, replies, server] = [
        new Redis(url),
        new Redis(url),
        new Redis(url),
        new Redis(url),
      ];
      sub.on('message', (channel: string, text: string) => {
        const message = JSON.parse(text) as { id?: string; data: unknown };
        if (channel === 'bench.event') onEvent(message.data as never);
        else
          void server.publish(
            'bench.echo.reply',
            JSON.stringify({ id: message.id, response: message.data }),
          );
      });
      replies.on('message', (_channel: string, text: string) => {
        const { id, response } = JSON.parse(text) as {
          id: string;
          response: unknown;
        };
        pending.get(id)?.(response);
        pending.delete(id);
      });
      await Promise.all([
        sub.subscribe('bench.event', 'bench.echo'),
        replies.subscribe('bench.echo.reply'),
      ]);
    },
    publish: value =>
      pub.publish(
        'bench.event',
        JSON.stringify({ pattern: 'bench.event', data: value }),
      ),
    request: value =>
      new Promise(resolve => {
        const id = randomUUID();
        pending.set(id, resolve);
        void pub.publish(
          'bench.echo',
          JSON.stringify({ pattern: 'bench.echo', data: value, id }),
        );
      }),
    stop: async () => {
      for (const client of [pub, sub, replies, server]) client.disconnect();
      return Promise.resolve();
    },
  };
}
