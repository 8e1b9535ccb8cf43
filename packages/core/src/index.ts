/**
 * @mvent/core: modules, dependency injection, lifecycle, discovery and validation.
 *
 * @packageDocumentation
 * @module @mvent/core
 */
// reflect-metadata must be loaded before any decorator runs.
import 'reflect-metadata';

// Constants
export {
  CATCH_METADATA,
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  INTERCEPTORS_METADATA,
  PIPES_METADATA,
  CONTROLLER_PREFIX_METADATA,
  CONTROLLER_WATERMARK,
  GLOBAL_MODULE_WATERMARK,
  INJECTABLE_WATERMARK,
  MODULE_METADATA,
  ON_EVENT_METADATA,
  ON_REQUEST_METADATA,
  PARAMTYPES_METADATA,
  RETURNTYPE_METADATA,
  ROUTE_ARGS_METADATA,
} from './constants';

// Decorators
export * from './decorators';

// Interfaces
export * from './interfaces';

// Application
export {
  MventApplication,
  DEFAULT_SHUTDOWN_SIGNALS,
} from './application/application';
export { MventFactory } from './application/application-factory';
export { ApplicationGraphService } from './application/application-graph';
export type * from './application/application-graph.interface';
export type {
  MventApplicationOptions,
  ShutdownHooksOptions,
} from './application/application-options.interface';
export { ModuleRef } from './injector/module-ref';
export type { GetOptions } from './injector/module-ref';

// Circular file imports
export { durationTextToMs } from './utils/duration-text.util';
export { forwardRef } from './utils/forward-ref.util';
export type { ForwardReference, WrapperType } from './utils/forward-ref.util';

// Discovery
export * from './discovery';
export { MetadataScanner } from './scanner/metadata-scanner';
export { Reflector } from './services/reflector.service';

// Servers (engine transports)
export { Server } from './server/server';
export { ServerRegistry } from './server/server-registry';

// RPC routes (shared by every RPC transport)
export * from './rpc';

// Events on every transport (`@OnEvent`), and the transport interface
export * from './events';
export * from './transport';

// The request pipeline: guards, interceptors, pipes, filters (every transport)
export * from './pipeline';
export * from './throttler';
export * from './audit';

// Validation and exceptions
export * from './validation';
export * from './exceptions';

// Logging
export * from './logger';

// Errors
export * from './errors';
