import { ON_REQUEST_METADATA } from '../constants';
import { rememberHandler } from '../discovery/declarations';
import type { Type } from '../interfaces/type.interface';
import { extendArrayMetadata } from '../utils/extend-metadata.util';
import { RoutePath } from './route-path';

/**
 * Options of {@link OnRequest}.
 *
 * @publicApi
 */
export interface OnRequestOptions {
  /** Shown in the published schema (`rpc.schema.json`). */
  description?: string;
  /**
   * The type the handler resolves to, for the schema, when TypeScript cannot tell
   * (async methods report `Promise`, arrays `Array`): a class, `[Item]` for an array of
   * items, or `null` for nothing (Python's `-> None`).
   */
  returns?: Type | [Type] | null;
  /**
   * The transports that serve the route, e.g. `['memory', 'syft']`. Default: every RPC
   * transport the application enables.
   */
  transports?: string[];
  /**
   * Milliseconds the handler may take; a handler still pending then answers 504 and its
   * late result is dropped. Default: the transport module's `handlerTimeout`, else 30 s
   * (`DEFAULT_HANDLER_TIMEOUT_MS`); `0` for none.
   */
  timeout?: number;
  /**
   * SyftBox: encrypt the reply to the sender with X3DH, as syft-event's `encrypt_reply`. A
   * reply that cannot be encrypted is a 500 in plaintext. @default false
   */
  encryptReply?: boolean;
}

/** One `@OnRequest()` on a method. */
export interface OnRequestMetadata {
  /** The route path as declared, e.g. `/data/{id}`. */
  path: string;
  options: OnRequestOptions;
}

/**
 * Serves requests to `path` with the method. A path may hold parameters in braces
 * (`/data/{id}`), read with `@Param('id')`; the controller's prefix comes first. The method
 * returns a value, a Promise or a {@link Response}, or throws an `HttpException`; any
 * other error answers 500 and never stops the server.
 *
 * @example
 * ```ts
 * @Controller('/v1')
 * class PingController {
 *   @OnRequest('/ping')
 *   ping(@Sender() sender: string) { return { pong: sender }; }
 * }
 * ```
 * @throws TypeError when the path is invalid (wildcards, `..`, empty segments)
 * @publicApi
 */
export function OnRequest(
  path: string,
  options: OnRequestOptions = {},
): MethodDecorator {
  RoutePath.parse(path);
  if (
    options.timeout !== undefined &&
    !(Number.isFinite(options.timeout) && options.timeout > 0)
  ) {
    throw new TypeError(
      `@OnRequest('${path}') timeout must be a positive number of milliseconds`,
    );
  }
  return (target, key, descriptor) => {
    rememberHandler(
      target,
      key,
      `@OnRequest('${path}')`,
      'SyftEventsModule (SyftBox files), SharedMemoryModule (memory RPC) or MventEventsModule (NATS, Redis)',
    );
    extendArrayMetadata<OnRequestMetadata>(
      ON_REQUEST_METADATA,
      [{ path, options }],
      descriptor.value as object,
    );
  };
}
OnRequest.KEY = ON_REQUEST_METADATA;
