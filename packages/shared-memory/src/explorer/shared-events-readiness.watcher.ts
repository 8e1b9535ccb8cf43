import { Injectable } from '@mvent/core';

/**
 * Resolves once every `@OnEvent` handler is subscribed, or rejects with the bootstrap
 * error. Tests and samples await it instead of sleeping.
 *
 * @publicApi
 */
@Injectable()
export class SharedEventsReadinessWatcher {
  private readonly ready: Promise<void>;
  private resolve!: () => void;
  private reject!: (error: unknown) => void;

  constructor() {
    this.ready = new Promise<void>((resolve, reject) => {
      this.resolve = resolve;
      this.reject = reject;
    });
    this.ready.catch(() => undefined);
  }

  /** Resolves when the handlers are bound. */
  waitUntilReady(): Promise<void> {
    return this.ready;
  }

  /** @internal */
  setReady(): void {
    this.resolve();
  }

  /** @internal */
  setFailed(error: unknown): void {
    this.reject(error);
  }
}
