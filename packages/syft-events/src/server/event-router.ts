import type { RpcRequest, Type } from '@mvent/core';
import type {
  FileEventHandler,
  WatchOptions,
} from '../watch/file-event.interface';
import type { SyftEvents } from './syft-events';

/**
 * A standalone request handler: it gets the request and the app (for `app.state`).
 *
 * @publicApi
 */
export type RequestHandler = (request: RpcRequest, app: SyftEvents) => unknown;

/**
 * Options of `onRequest()`.
 *
 * @publicApi
 */
export interface RequestHandlerOptions {
  /** Shown in `rpc.schema.json`. */
  description?: string;
  /**
   * What the handler returns, for `rpc.schema.json` (a plain function has no emitted
   * types): `Object` for Python's `-> dict`, `[String]`, a DTO class, `null` for nothing.
   * @default the schema says `"any"`
   */
  returns?: Type | [Type] | null;
  /** Encrypt the reply to the sender with X3DH, as syft-event's `encrypt_reply`. */
  encryptReply?: boolean;
}

/**
 * Routes and watches gathered apart from an app, then added with
 * `app.includeRouter(router, prefix)`, as syft-event's `EventRouter`.
 *
 * @example
 * ```ts
 * const v1 = new EventRouter();
 * v1.onRequest('/ping', () => ({ pong: true }));
 * app.includeRouter(v1, '/v1'); // serves /v1/ping
 * ```
 * @publicApi
 */
export class EventRouter {
  /** The routes, by path; registering a path again replaces it, as in Python. */
  readonly routes = new Map<
    string,
    { handler: RequestHandler; options: RequestHandlerOptions }
  >();
  /** The watches, in registration order. */
  readonly watches: {
    globs: string[];
    handler: FileEventHandler;
    options: WatchOptions;
  }[] = [];

  /** Adds a route. */
  onRequest(
    path: string,
    handler: RequestHandler,
    options: RequestHandlerOptions = {},
  ): this {
    this.routes.set(path, { handler, options });
    return this;
  }

  /** Adds a watch. */
  watch(
    globs: string | string[],
    handler: FileEventHandler,
    options: WatchOptions = {},
  ): this {
    this.watches.push({ globs: [globs].flat(), handler, options });
    return this;
  }
}
