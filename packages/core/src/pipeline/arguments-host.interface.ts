import type { Type } from '../interfaces/type.interface';

/**
 * The transport a handler is called from: `'syft'` (SyftBox files), `'memory'` (memory RPC),
 * `'event'` (`@OnEvent`), `'watch'` (`@Watch`), or a cross-host transport's name.
 *
 * @publicApi
 */
export type ContextType =
  | 'syft'
  | 'memory'
  | 'event'
  | 'watch'
  | 'nats'
  | 'redis'
  | (string & Record<never, never>);

/**
 * The arguments of a handler call as a transport sees them, Nest's RPC view: `getData()` is
 * the request ({@link RpcRequest}) for routes and the payload for events, `getContext()` the
 * transport's context ({@link RouteCallContext} for routes, the `EventEnvelope` for events).
 *
 * @publicApi
 */
export interface RpcArgumentsHost {
  getData<T = unknown>(): T;
  getContext<T = unknown>(): T;
}

/**
 * The arguments of the handler call being processed, for exception filters.
 *
 * @publicApi
 */
export interface ArgumentsHost {
  /** Every argument: `[request, context]` for routes, `[payload, envelope]` for events. */
  getArgs<T extends unknown[] = unknown[]>(): T;
  getArgByIndex<T = unknown>(index: number): T;
  /** The transport, e.g. `'syft'`, `'memory'` or `'event'`. */
  getType<T extends string = ContextType>(): T;
  /** Every mvent transport is an RPC or message transport: this is the view to use. */
  switchToRpc(): RpcArgumentsHost;
}

/**
 * An {@link ArgumentsHost} that also names the controller class and handler being called,
 * for guards and interceptors (read their metadata with `Reflector`).
 *
 * @publicApi
 */
export interface ExecutionContext extends ArgumentsHost {
  getClass<T = unknown>(): Type<T>;
  getHandler(): (...args: never[]) => unknown;
}

/**
 * What an RPC transport passes as the second argument of a route call.
 *
 * @publicApi
 */
export interface RouteCallContext {
  /** The transport's name, as {@link ArgumentsHost.getType}. */
  transport: string;
  /** The route as declared, prefix included, e.g. `/v1/data/{id}`. */
  route: string;
}
