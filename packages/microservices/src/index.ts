/**
 * @mvent/microservices: the same `@OnEvent` and `@OnRequest` handlers across hosts, on NATS
 * JetStream and Redis Streams. Each client library is an optional peer dependency, loaded
 * only when its transport is used.
 *
 * @packageDocumentation
 * @module @mvent/microservices
 */
export { natsTransport, NatsTransport } from './nats/nats-transport';
export type { NatsTransportOptions } from './nats/nats-transport-options.interface';
export { MissingTransportLibraryError } from './optional-peer';
export { MalformedMessageError } from './wire/malformed-message.error';
export { redisTransport, RedisTransport } from './redis/redis-transport';
export type { RedisTransportOptions } from './redis/redis-transport-options.interface';
