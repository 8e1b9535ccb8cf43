import { Logger } from '../logger/logger';
import type { LogLevel, LoggerService } from '../logger/logger.service';
import type { ModulesContainer } from '../injector/container';
import type { Injector } from '../injector/injector';
import type { GetOptions } from '../injector/module-ref';
import { ModuleRef } from '../injector/module-ref';
import type { InjectionToken } from '../interfaces/injection-token.interface';
import type {
  CanActivate,
  ExceptionFilter,
  NestInterceptor,
  PipeTransform,
} from '../pipeline/enhancer.interfaces';
import type { EnhancerKind } from '../pipeline/global-enhancers';
import { GlobalEnhancers } from '../pipeline/global-enhancers';
import type { Enhancer } from '../pipeline/use-enhancers.decorators';
import { PipelineFactory } from '../pipeline/pipeline-factory';
import { ServerRegistry } from '../server/server-registry';
import type {
  MventApplicationOptions,
  ShutdownHooksOptions,
} from './application-options.interface';
import { callLifecycleHook } from './lifecycle-hooks';
import {
  unlistedHandlerWarnings,
  unservedHandlerWarnings,
} from './startup-checks';

/** How long after `init()` the application warns about handlers that nothing serves. */
const NEVER_STARTED_WARNING_MS = 5000;

/** The signals `enableShutdownHooks()` listens to by default. */
export const DEFAULT_SHUTDOWN_SIGNALS = ['SIGTERM', 'SIGINT', 'SIGHUP'];

/**
 * A running mvent application, as returned by `MventFactory.create()`.
 *
 * @publicApi
 */
export class MventApplication {
  private readonly logger = new Logger('MventApplication');
  private readonly rootRef: ModuleRef;
  private initialising: Promise<void> | undefined;
  private listening: Promise<void> | undefined;
  private closing: Promise<void> | undefined;
  private readonly signalListeners = new Map<string, () => void>();

  /** @internal */
  constructor(
    private readonly modules: ModulesContainer,
    injector: Injector,
    private readonly options: MventApplicationOptions = {},
  ) {
    this.rootRef = new ModuleRef(modules.root, modules, injector);
  }

  /**
   * The singleton registered under `token` anywhere in the application
   * (or, with `{ strict: true }`, visible from the root module).
   */
  get<T = unknown>(token: InjectionToken<T>, options?: GetOptions): T {
    return this.rootRef.get(token, options);
  }

  /** Like {@link MventApplication.get}; creates a new instance of a transient provider. */
  resolve<T = unknown>(
    token: InjectionToken<T>,
    options?: GetOptions,
  ): Promise<T> {
    return this.rootRef.resolve(token, options);
  }

  /**
   * Runs `onModuleInit` then `onApplicationBootstrap` on every provider and controller,
   * imported modules first. Idempotent. Engines bind their handlers here.
   */
  init(): Promise<this> {
    this.initialising ??= (async () => {
      this.get(GlobalEnhancers).seal();
      await callLifecycleHook(this.modules.modules, 'onModuleInit');
      await callLifecycleHook(this.modules.modules, 'onApplicationBootstrap');
      this.warnAboutUnservedHandlers();
    })();
    return this.initialising.then(() => this);
  }

  /** Initialises the application if needed, then starts every registered server. */
  listen(): Promise<this> {
    this.listening ??= (async () => {
      await this.init();
      for (const server of this.servers.getServers()) {
        await server.listen();
        this.logger.log(`${server.transportId} server listening`);
      }
    })();
    return this.listening.then(() => this);
  }

  /**
   * Shuts down: `onModuleDestroy`, `beforeApplicationShutdown(signal)`, servers closed,
   * `onApplicationShutdown(signal)`, importing modules before the modules they import.
   * Safe to call more than once: later calls await the first.
   */
  close(signal?: string): Promise<void> {
    this.closing ??= (async () => {
      this.removeSignalListeners();
      await this.initialising?.catch(() => undefined);
      const reversed = [...this.modules.modules].reverse();
      await callLifecycleHook(reversed, 'onModuleDestroy', signal);
      await callLifecycleHook(reversed, 'beforeApplicationShutdown', signal);
      for (const server of [...this.servers.getServers()].reverse()) {
        await server.close();
      }
      await callLifecycleHook(reversed, 'onApplicationShutdown', signal);
    })();
    return this.closing;
  }

  /**
   * Closes the application when the process receives one of `signals`, then lets the
   * process end (re-raising the signal, or `process.exit(0)` with `useProcessExit`).
   */
  enableShutdownHooks(
    signals: string[] = DEFAULT_SHUTDOWN_SIGNALS,
    options: ShutdownHooksOptions = {},
  ): this {
    for (const signal of new Set(signals.map(s => s.toUpperCase()))) {
      if (this.signalListeners.has(signal)) {
        continue;
      }
      const listener = () => void this.shutdownOnSignal(signal, options);
      this.signalListeners.set(signal, listener);
      process.on(signal, listener);
    }
    return this;
  }

  /**
   * Guards for every handler of every transport, before controller and method guards.
   * Classes are created with DI in the root module. Call before `init()` or `listen()`.
   */
  useGlobalGuards(...guards: Enhancer<CanActivate>[]): this {
    return this.addGlobal('guards', guards, 'useGlobalGuards');
  }

  /** Interceptors around every handler, outermost first. Call before `init()`/`listen()`. */
  useGlobalInterceptors(...interceptors: Enhancer<NestInterceptor>[]): this {
    return this.addGlobal(
      'interceptors',
      interceptors,
      'useGlobalInterceptors',
    );
  }

  /**
   * Pipes for every handler argument, before controller, method and parameter pipes. A
   * `ValidationPipe` here replaces the default validation everywhere. Call before `init()`.
   */
  useGlobalPipes(...pipes: Enhancer<PipeTransform>[]): this {
    return this.addGlobal('pipes', pipes, 'useGlobalPipes');
  }

  /** Exception filters tried after method and controller filters. Call before `init()`. */
  useGlobalFilters(...filters: Enhancer<ExceptionFilter>[]): this {
    return this.addGlobal('filters', filters, 'useGlobalFilters');
  }

  /** Replaces the logger every mvent `Logger` writes to. */
  useLogger(logger: LoggerService | LogLevel[] | false): void {
    Logger.overrideLogger(logger);
  }

  /**
   * Silent mistakes, said a few seconds after `init()` (when the engines have bound their
   * handlers and `listen()` has had time to run): routes bound but never served, decorated
   * handlers whose class no module lists, and handlers no transport serves.
   */
  private warnAboutUnservedHandlers(): void {
    const timer = setTimeout(() => {
      if (this.closing) return;
      const idle = this.servers
        .getServers()
        .filter(server => server.hasWork())
        .map(server => server.transportId);
      if (!this.listening && idle.length > 0) {
        this.logger.warn(
          `init() bound the handlers of ${idle.join(', ')}, but listen() was not called ${NEVER_STARTED_WARNING_MS / 1000} s later, so nothing serves them: call app.listen().`,
        );
      }
      const served = this.get(PipelineFactory).served;
      for (const warning of [
        ...(this.options.unlistedHandlers === 'ignore'
          ? []
          : unlistedHandlerWarnings()),
        ...unservedHandlerWarnings(this.modules, served),
      ]) {
        this.logger.warn(warning);
      }
    }, NEVER_STARTED_WARNING_MS);
    timer.unref();
  }

  private addGlobal(
    kind: EnhancerKind,
    enhancers: Enhancer<unknown>[],
    caller: string,
  ): this {
    this.get(GlobalEnhancers).add(kind, enhancers, caller);
    return this;
  }

  private get servers(): ServerRegistry {
    return this.get(ServerRegistry);
  }

  private async shutdownOnSignal(
    signal: string,
    { useProcessExit = false }: ShutdownHooksOptions,
  ): Promise<void> {
    try {
      await this.close(signal);
    } catch (error) {
      this.logger.error(error);
      process.exitCode = 1;
    }
    if (useProcessExit) {
      process.exit();
    }
    process.kill(process.pid, signal);
  }

  private removeSignalListeners(): void {
    for (const [signal, listener] of this.signalListeners) {
      process.removeListener(signal, listener);
    }
    this.signalListeners.clear();
  }
}
