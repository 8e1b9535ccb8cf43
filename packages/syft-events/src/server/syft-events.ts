import { join } from 'node:path';
import type { LoggerService } from '@mvent/core';
import {
  asPromise,
  Logger,
  RoutePath,
  RouteTable,
  Server,
  withTimeout,
} from '@mvent/core';
import type { CleanupStats } from '../cleanup/cleanup-stats';
import { RpcSweeper } from '../cleanup/rpc-sweeper';
import { parseIntervalOption } from '../cleanup/time-interval';
import type { ServedRoute } from '../interfaces/served-route.interface';
import type { SyftEventsOptions } from '../interfaces/syft-events-options.interface';
import type { RouteSchema } from '../schema/rpc-schema';
import { DtoSchemaBuilder } from '../schema/rpc-schema';
import type { SyftBoxConfig } from '../syftbox/syftbox-config';
import { appDataDir, resolveSyftBoxConfig } from '../syftbox/syftbox-config';
import { ConcurrencyLimiter } from '../util/concurrency.util';
import { walkFiles } from '../util/walk.util';
import { SyftIdentity } from '../crypto/syft-identity';
import { FileWatch } from '../watch/file-watch';
import { RequestEncryption } from './request-encryption';
import type {
  FileEventHandler,
  WatchOptions,
} from '../watch/file-event.interface';
import { TreeWatcher } from '../watcher/tree-watcher';
import type {
  EventRouter,
  RequestHandler,
  RequestHandlerOptions,
} from './event-router';
import type { RequestStats } from './request-processor';
import { RequestProcessor } from './request-processor';
import { prepareRpcFolder } from './rpc-folder';

const DEFAULTS = {
  concurrency: 32,
  rescanInterval: '10s',
  cleanupExpiry: '30d',
  cleanupInterval: '1h',
  maxRequestBytes: 4 * 1024 * 1024,
  partialWriteTimeout: 1000,
  partialWriteLimit: 10_000,
};

/**
 * The lifecycle state of a {@link SyftEvents} server.
 *
 * @publicApi
 */
export type SyftEventsStatus =
  'idle' | 'starting' | 'running' | 'stopping' | 'stopped';

/**
 * A SyftBox file-RPC server for one app, wire-compatible with Python syft-event: it answers
 * `<datasite>/app_data/<app>/rpc/<endpoint>/<sender>/<uuid>.request` files with `.response`
 * files beside them, and runs file watches. Use it directly, as syft-event's `SyftEvents`,
 * or through `SyftEventsModule` with `@OnRequest` controllers.
 *
 * It watches before it scans the backlog, rescans now and then, answers concurrently but
 * one at a time per request id, tolerates half-written files, never writes outside the
 * request's folder, answers 404 for unknown endpoints and 419 for expired requests, and
 * never stops on a bad file or a failing handler.
 *
 * @example
 * ```ts
 * const app = new SyftEvents('demo');
 * app.onRequest('/add', request => {
 *   const { a, b } = request.json<{ a: number; b: number }>()!;
 *   return { total: a + b };
 * });
 * await app.runForever();
 * ```
 * @publicApi
 */
export class SyftEvents extends Server {
  readonly transportId = 'syft-events';
  /** A free-form store for handlers, as Python's `app.state`. */
  readonly state: Record<string, unknown> = {};
  /** Where SyftBox lives for this server. */
  readonly config: SyftBoxConfig;
  /** `<datasites>/<email>/app_data/<app>`. */
  readonly appDir: string;
  /** `<appDir>/rpc`. */
  readonly rpcDir: string;
  private readonly logger: LoggerService;
  private readonly routes = new RouteTable<ServedRoute>();
  private readonly schemas = new Map<string, RouteSchema>();
  private readonly watches: FileWatch[] = [];
  private readonly encryption: RequestEncryption;
  private readonly processor: RequestProcessor;
  private readonly cleanup: RpcSweeper;
  private readonly rescanMs: number;
  private treeWatcher: TreeWatcher | undefined;
  private rescanTimer: NodeJS.Timeout | undefined;
  private scanning: Promise<void> | undefined;
  private currentStatus: SyftEventsStatus = 'idle';

  /**
   * @throws InvalidConfigError for an unusable SyftBox config
   * @throws InvalidTimeIntervalError for an invalid interval or expiry
   */
  constructor(
    readonly appName: string,
    private readonly options: SyftEventsOptions = {},
  ) {
    super();
    if (!/^[A-Za-z0-9._-]+$/.test(appName) || /^\.+$/.test(appName)) {
      throw new TypeError(
        `Invalid app name ${JSON.stringify(appName)}: use letters, digits, '.', '_' and '-'`,
      );
    }
    this.logger = options.logger ?? new Logger('SyftEvents');
    this.config = resolveSyftBoxConfig(options.config);
    this.appDir = appDataDir(this.config, appName);
    this.rpcDir = join(this.appDir, 'rpc');
    this.rescanMs = parseIntervalOption(
      'rescanInterval',
      options.rescanInterval ?? DEFAULTS.rescanInterval,
    );
    this.encryption = new RequestEncryption(new SyftIdentity(this.config));
    this.processor = new RequestProcessor({
      rpcDir: this.rpcDir,
      datasites: this.config.datasites,
      email: this.config.email,
      appName,
      routes: this.routes,
      limiter: new ConcurrencyLimiter(
        options.concurrency ?? DEFAULTS.concurrency,
      ),
      debug: options.debug ?? false,
      logger: this.logger,
      maxBytes: options.maxRequestBytes ?? DEFAULTS.maxRequestBytes,
      settleMs: options.partialWriteTimeout ?? DEFAULTS.partialWriteTimeout,
      maxWaitMs: options.partialWriteLimit ?? DEFAULTS.partialWriteLimit,
      encryption: this.encryption,
      nestedRequests: (options.nestedRequests ?? 'not-found') === 'parent',
      jsonNumbers: options.jsonNumbers ?? 'exact',
    });
    this.cleanup = new RpcSweeper(this.rpcDir, {
      expiryMs: parseIntervalOption(
        'cleanupExpiry',
        options.cleanupExpiry ?? DEFAULTS.cleanupExpiry,
      ),
      intervalMs: parseIntervalOption(
        'cleanupInterval',
        options.cleanupInterval ?? DEFAULTS.cleanupInterval,
      ),
      isBusy: path => this.processor.isInFlight(path),
      logger: this.logger,
    });
  }

  /** The server owner's email. */
  get email(): string {
    return this.config.email;
  }

  /** Where the server is in its lifecycle. */
  get status(): SyftEventsStatus {
    return this.currentStatus;
  }

  /** Whether periodic cleanup is scheduled (Python's `is_cleanup_running()`). */
  isCleanupRunning(): boolean {
    return this.cleanup.isRunning;
  }

  /** What cleanup removed so far (live totals: `reset()` clears them). */
  getCleanupStats(): CleanupStats {
    return this.cleanup.stats;
  }

  /** Responses written by status, files ignored, legacy requests migrated. */
  getStats(): RequestStats {
    return structuredClone(this.processor.stats);
  }

  /** The served route paths, in registration order. */
  getRoutes(): string[] {
    return this.routes.entries().map(({ path }) => path.toString());
  }

  /**
   * Serves `path` with `handler`, which gets the {@link RpcRequest} and this app.
   *
   * @throws TypeError for an invalid path; InvalidRouteError when it is already served
   */
  onRequest(
    path: string,
    handler: RequestHandler,
    options: RequestHandlerOptions = {},
  ): this {
    return this.addRoute(
      RoutePath.parse(path),
      {
        invoke: request =>
          asPromise(() =>
            withTimeout(
              () => handler(request, this),
              this.options.handlerTimeout,
              handler.name || path,
            ),
          ),
        name: handler.name || path,
        encryptReply: options.encryptReply,
      },
      new DtoSchemaBuilder().routeOf([], options.returns, options.description),
    );
  }

  /**
   * Serves a route already bound (used by `SyftEventsModule` for `@OnRequest` methods).
   * Routes added while running are served at once and published with the schema.
   */
  addRoute(path: RoutePath, route: ServedRoute, schema: RouteSchema): this {
    this.routes.add(path, route, route.name);
    this.schemas.set(path.toString(), schema);
    if (this.currentStatus === 'running') {
      void this.prepareFolder().catch((error: Error) =>
        this.logger.error(`Cannot prepare ${this.rpcDir}: ${error.message}`),
      );
    }
    return this;
  }

  /** Runs `handler` on file events matching `globs` (see `@Watch` for placeholders). */
  watch(
    globs: string | string[],
    handler: FileEventHandler,
    options: WatchOptions = {},
  ): this {
    const watch = new FileWatch(
      [globs].flat(),
      handler,
      options,
      {
        datasites: this.config.datasites,
        email: this.email,
        appData: this.appDir,
      },
      this.logger,
      handler.name || 'watch',
    );
    this.watches.push(watch);
    if (this.currentStatus === 'running') void watch.start();
    return this;
  }

  /** Adds a router's routes and watches, its paths after `prefix` (`'/v1'` + `'/ping'`). */
  includeRouter(router: EventRouter, prefix = ''): this {
    for (const [path, { handler, options }] of router.routes) {
      this.onRequest(RoutePath.join(prefix, path).toString(), handler, options);
    }
    for (const { globs, handler, options } of router.watches) {
      this.watch(globs, handler, options);
    }
    return this;
  }

  /**
   * Starts serving: lays out `rpc/`, watches it, then answers the requests already there
   * (so none written during the scan is lost), starts the file watches, the rescans and
   * the cleanup.
   */
  async start(): Promise<void> {
    if (this.currentStatus !== 'idle' && this.currentStatus !== 'stopped')
      return;
    this.currentStatus = 'starting';
    try {
      if (this.config.source === 'embedded') {
        this.logger.log(
          `No SyftBox config found: serving the embedded SyftBox folder ${this.config.dataDir} as ${this.email}`,
        );
      }
      await this.prepareFolder();
      if (this.routes.entries().some(({ handler }) => handler.encryptReply)) {
        await this.encryption.bootstrap(); // peers need our did.json to encrypt to us
      }
      this.treeWatcher = new TreeWatcher(
        this.rpcDir,
        path => void this.processor.process(path),
        () => void this.rescan(),
        // The server's own writes: responses and their temporary files.
        name => name.endsWith('.response') || name.includes('.syft.tmp.'),
      );
      await this.treeWatcher.start();
      await Promise.all(this.watches.map(watch => watch.start()));
      this.currentStatus = 'running';
      await this.answerBacklog();
      this.rescanTimer = setInterval(() => void this.rescan(), this.rescanMs);
      this.rescanTimer.unref();
      this.cleanup.start();
      this.logger.log(
        `Serving ${this.getRoutes().join(', ') || 'no routes'} of ${this.appName} for ${this.email}`,
      );
    } catch (error) {
      await this.stop();
      throw error;
    }
  }

  /** Stops watching and waits for the requests in progress. Safe to call twice. */
  async stop(): Promise<void> {
    if (this.currentStatus === 'stopped' || this.currentStatus === 'idle')
      return;
    this.currentStatus = 'stopping';
    clearInterval(this.rescanTimer);
    this.treeWatcher?.close();
    await Promise.all([
      ...this.watches.map(watch => watch.close()),
      this.cleanup.stop(),
      this.scanning,
    ]);
    await this.drainedOrLate(this.options.stopTimeout ?? 10_000);
    this.currentStatus = 'stopped';
  }

  /** Whether it serves a route or runs a watch: a client-only app's server has nothing to do. */
  override hasWork(): boolean {
    return this.routes.entries().length > 0 || this.watches.length > 0;
  }

  /** {@link SyftEvents.start}, as every engine server. */
  listen(): Promise<void> {
    return this.start();
  }

  /** {@link SyftEvents.stop}, as every engine server. */
  close(): Promise<void> {
    return this.stop();
  }

  /**
   * Starts, then serves until SIGINT or SIGTERM, and stops. The signals are listened for from
   * the call on: `start()` answers waiting requests before it resolves, so a client may send a
   * signal while it runs, which would otherwise kill the process without stopping the server.
   */
  async runForever(
    signals: NodeJS.Signals[] = ['SIGINT', 'SIGTERM'],
  ): Promise<void> {
    let onSignal!: (signal: NodeJS.Signals) => void;
    const received = new Promise<NodeJS.Signals>(
      resolve => (onSignal = resolve),
    );
    for (const s of signals) process.once(s, onSignal);
    try {
      await this.start();
      this.logger.log(`${await received} received: stopping`);
    } finally {
      for (const s of signals) process.removeListener(s, onSignal);
    }
    await this.stop();
  }

  /** The first scan, saying every 5 s how far it got and, at the end, what it answered. */
  private async answerBacklog(): Promise<void> {
    const answered = () =>
      Object.values(this.processor.stats.answered).reduce((a, b) => a + b, 0);
    const before = answered();
    const started = Date.now();
    const progress = setInterval(
      () =>
        this.logger.log(
          `Answering the requests waiting in ${this.rpcDir}: ${answered() - before} so far`,
        ),
      5000,
    );
    try {
      await this.rescan();
    } finally {
      clearInterval(progress);
    }
    const backlog = answered() - before;
    if (backlog > 0) {
      this.logger.log(
        `Answered ${backlog} request(s) that were waiting, in ${Date.now() - started} ms`,
      );
    }
  }

  /** Answers every unanswered request under `rpc/`; concurrent calls share one scan. */
  private rescan(): Promise<void> {
    this.scanning ??= (async () => {
      const work: Promise<void>[] = [];
      for await (const path of walkFiles(this.rpcDir)) {
        if (this.currentStatus !== 'running') break;
        work.push(this.processor.process(path));
      }
      await Promise.all(work);
    })().finally(() => {
      this.scanning = undefined;
    });
    return this.scanning;
  }

  /** Waits for the requests in progress, at most `ms`; says how many are left, if any. */
  private async drainedOrLate(ms: number): Promise<void> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<boolean>(resolve => {
      timer = setTimeout(() => resolve(true), ms);
    });
    const tooLate = await Promise.race([
      this.processor.drained().then(() => false),
      late,
    ]);
    clearTimeout(timer);
    if (tooLate) {
      this.logger.warn(
        `Stopped with ${this.processor.inFlightCount} request(s) still in progress after ${ms} ms (stopTimeout): their handlers have not settled`,
      );
    }
  }

  private prepareFolder(): Promise<void> {
    const publish = this.options.publishSchema ?? true;
    return prepareRpcFolder(
      this.config.datasites,
      this.rpcDir,
      this.routes.entries().map(({ path }) => path),
      publish ? [...this.schemas] : undefined,
    );
  }
}
