/**
 * @mvent/syft-events: SyftBox file RPC for mvent, wire-compatible with Python syft-event and
 * syft-rpc: the `SyftEvents` server (`@OnRequest` routes through `SyftEventsModule`, or
 * standalone), the `SyftRpcClient`, `@Watch` file watches, and the wire layer.
 *
 * @packageDocumentation
 * @module @mvent/syft-events
 */
// Routes: the transport-neutral RPC model of @mvent/core, re-exported for convenience.
export {
  Body,
  Headers,
  OnRequest,
  Param,
  Query,
  Req,
  Response,
  RpcRequest,
  Sender,
} from '@mvent/core';
export type { OnRequestOptions } from '@mvent/core';

// Module and decorators
export { SyftEventsModule } from './module/syft-events.module';
export type {
  SyftEventsModuleAsyncOptions,
  SyftEventsModuleOptions,
} from './module/syft-events-module-options.interface';
export { Watch } from './decorators/watch.decorator';
export { SYFT_EVENTS_OPTIONS, WATCH_METADATA } from './constants';

// Server
export { SyftEvents } from './server/syft-events';
export type { SyftEventsStatus } from './server/syft-events';
export { EventRouter } from './server/event-router';
export type {
  RequestHandler,
  RequestHandlerOptions,
} from './server/event-router';
export type { SyftEventsOptions } from './interfaces/syft-events-options.interface';
export type { ServedRoute } from './interfaces/served-route.interface';
export type { RequestStats } from './server/request-processor';
export { RPC_PERMISSIONS_YAML } from './server/rpc-folder';
export { countRequests, listRequests } from './server/request-inventory';
export { RequestCounter } from './server/request-counter';
export type { RequestEntry, RequestState } from './server/request-inventory';
export { CleanupStats } from './cleanup/cleanup-stats';
export { PeriodicCleanup } from './cleanup/periodic-cleanup';
export type { PeriodicCleanupOptions } from './cleanup/periodic-cleanup';
export { parseTimeInterval } from './cleanup/time-interval';
export type { RouteSchema, SchemaType } from './schema/rpc-schema';
export { generateSchema } from './schema/generate-schema';
export { createTestRequest } from './testing/create-test-request';
export type { TestRequestInit } from './testing/create-test-request';
export type * from './watch/file-event.interface';

// Client
export { SyftRpcClient } from './client/syft-rpc-client';
export type {
  SendOptions,
  SyftRpcClientOptions,
} from './client/syft-rpc-client';
export { RpcResponse } from './client/rpc-response';

// SyftBox access
export { SyftBoxURL } from './syftbox/syftbox-url';
export {
  appDataDir,
  DEFAULT_SERVER_URL,
  loadSyftBoxConfig,
  resolveSyftBoxConfig,
} from './syftbox/syftbox-config';
export type { SyftBoxConfig } from './syftbox/syftbox-config';

// Protocol
export * from './interfaces/rpc-envelope.interface';
export {
  formatRequest,
  formatResponse,
  parseRequest,
  parseResponse,
} from './protocol/rpc-envelope';
export { pythonJsonDumps, serialize } from './protocol/serialize.util';
export { isSyftStatus, SyftStatus } from './protocol/syft-status';
export type { SyftStatusCode } from './protocol/syft-status';
export { SyftTimestamp } from './protocol/syft-timestamp';
export { SYSTEM_SENDER } from './constants';

// Errors
export * from './errors';

// X3DH encryption, compatible with syft-crypto (protocol 1.0)
export {
  decryptMessage,
  encryptMessage,
  parseEncryptedPayload,
} from './crypto/x3dh-cipher';
export type {
  DecryptionKeys,
  EncryptedPayload,
  EncryptionKeys,
  InjectedRandomness,
} from './crypto/x3dh-cipher';
export {
  keyFolderHash,
  parseDidDocument,
  parsePrivateKeys,
} from './crypto/key-bundles';
export type { PrivateKeys, PublicBundle } from './crypto/key-bundles';
export { formatDidDocument, formatPrivateKeys } from './crypto/identity-files';
export { SyftIdentity } from './crypto/syft-identity';
export type { PublicKeyIds } from './crypto/syft-identity';
