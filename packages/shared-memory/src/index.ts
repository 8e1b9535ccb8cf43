/**
 * @mvent/shared-memory: a key/value pool and an event bus shared by the processes of one
 * machine, on LMDB.
 *
 * @packageDocumentation
 * @module @mvent/shared-memory
 */
// Module
export * from './shared-memory.module';
export { SHARED_MEMORY_OPTIONS } from './constants';

// Pool
export { SharedMemoryPool } from './pool/shared-memory-pool';
export { parseDuration } from './pool/duration.util';
export type { Duration } from './pool/duration.util';
export {
  assertValidPoolName,
  defaultPoolsDirectory,
} from './pool/pool-location.util';
export { createMatcher } from './pool/pattern-matcher';

// Events
export { MemoryEventBus } from './event-bus/memory-event-bus';
export { readEventLog } from './event-bus/replay-log.util';
export type { ReadEventLogRange } from './event-bus/replay-log.util';
export { EventManager } from './event-bus/event-manager';
export type {
  EventErrorHook,
  EventSubscription,
  SubscribeOptions,
} from './event-bus/event-bus.interfaces';
export * from './event-bus/event-envelope.interface';
// `@OnEvent` and its options live in core, shared by every event transport.
export { OnEvent } from '@mvent/core';
export type { OnEventMetadata, OnEventOptions } from '@mvent/core';
export { SharedEventsReadinessWatcher } from './explorer/shared-events-readiness.watcher';
export { MemoryEventHandler } from './memory-event-handler';

// RPC, streams and rooms over shared memory
export { MemoryRpcServer } from './rpc/memory-rpc-server';
export type { MemoryRpcServerOptions } from './rpc/memory-rpc-server';
export { MemoryRpcClient } from './rpc/memory-rpc-client';
export type {
  MemoryRpcClientOptions,
  MemoryRpcResponse,
  MemoryRpcSendOptions,
} from './rpc/memory-rpc-client';
export { InMemoryHTTPManager } from './python/in-memory-http-manager';
export { MEMORY_TRANSPORT } from './rpc/memory-rpc.loader';
export { SharedStreams } from './streams/shared-streams';
export { SharedStream } from './streams/shared-stream';
export type {
  StreamChunk,
  StreamSubscribeOptions,
} from './streams/shared-stream';
export { SharedRooms } from './rooms/shared-rooms';
export { SharedMemoryThrottlerStorage } from './throttler/shared-memory-throttler.storage';
export * from './rooms/room.interface';

// Python mvent's names (seconds where Python takes seconds)
export { StreamingEvent } from './python/streaming-event';
export { SocketsManager } from './python/sockets-manager';
export { MonitoringTools } from './python/monitoring-tools';
export type { HandlerPerf } from './python/monitoring-tools';
export type { PoolSource } from './python/attached-bus';
export type { Seconds } from './python/seconds.util';

// Interfaces
export * from './interfaces/pool-entry.interface';
export * from './interfaces/pool-stats.interface';
export * from './interfaces/pool-verification.interface';
export * from './interfaces/shared-memory-options.interface';
export * from './monitoring/stats.interface';

// Errors
export * from './errors';

// The engine as a transport of `MventEventsModule`
export {
  SharedMemoryTransport,
  sharedMemoryTransport,
} from './transport/shared-memory-transport';
