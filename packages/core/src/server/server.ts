/**
 * A transport an engine module starts with `app.listen()` and stops with `app.close()`:
 * the SyftBox file-RPC server, the shared-memory RPC server, and so on.
 *
 * An engine registers its server with the {@link ServerRegistry} (usually from its loader's
 * `onModuleInit`); the application then starts servers in registration order and stops
 * them in reverse order, between `beforeApplicationShutdown` and `onApplicationShutdown`.
 *
 * @publicApi
 */
export abstract class Server {
  /** A short name for logs, such as `syft-events`. */
  abstract readonly transportId: string;

  /** Starts serving. Resolves once the server is ready to accept work. */
  abstract listen(): Promise<void>;

  /** Stops serving and releases every watcher, timer and handle. Must be idempotent. */
  abstract close(): Promise<void>;

  /**
   * Whether it has anything to serve (a route, a subscription, a watch). A server without
   * (a module imported only for its client) is not reported when `listen()` is never called.
   */
  hasWork(): boolean {
    return true;
  }
}
