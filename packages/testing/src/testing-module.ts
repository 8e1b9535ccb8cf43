import type { GetOptions, InjectionToken, MventApplication } from '@mvent/core';

/**
 * A compiled testing module: get providers, initialise, start the engines, close.
 *
 * @publicApi
 */
export class TestingModule {
  /** @internal */
  constructor(private readonly app: MventApplication) {}

  /** The singleton registered under `token` (see `MventApplication.get`). */
  get<T = unknown>(token: InjectionToken<T>, options?: GetOptions): T {
    return this.app.get(token, options);
  }

  /** A new instance for a transient provider, the singleton otherwise. */
  resolve<T = unknown>(
    token: InjectionToken<T>,
    options?: GetOptions,
  ): Promise<T> {
    return this.app.resolve(token, options);
  }

  /** The application, to `listen()` on or pass to code under test. */
  createApplication(): MventApplication {
    return this.app;
  }

  /** Runs `onModuleInit` and `onApplicationBootstrap`. */
  async init(): Promise<this> {
    await this.app.init();
    return this;
  }

  /** Closes the application (idempotent). */
  close(): Promise<void> {
    return this.app.close();
  }
}
