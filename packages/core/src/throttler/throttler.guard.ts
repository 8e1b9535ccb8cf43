import { createHash } from 'node:crypto';
import { Inject } from '../decorators/inject.decorator';
import { Injectable } from '../decorators/injectable.decorator';
import type { ExecutionContext } from '../pipeline/arguments-host.interface';
import { callerOf } from '../pipeline/call-description';
import type { CanActivate } from '../pipeline/enhancer.interfaces';
import { ModuleRef } from '../injector/module-ref';
import { Reflector } from '../services/reflector.service';
import { InMemoryThrottlerStorage } from './in-memory-throttler.storage';
import {
  SKIP_THROTTLE_METADATA,
  THROTTLE_METADATA,
  THROTTLER_OPTIONS,
  THROTTLER_STORAGE,
} from './throttler.constants';
import { ThrottlerException } from './throttler.exception';
import type {
  ThrottlerModuleOptions,
  ThrottlerOptions,
  ThrottlerStorage,
} from './throttler.interfaces';

type Override = { limit?: number; ttl?: number; blockDuration?: number };

/**
 * Applies the limits of `ThrottlerModule.forRoot` on every transport: register it with
 * `{ provide: APP_GUARD, useClass: ThrottlerGuard }` or `@UseGuards(ThrottlerGuard)`. A
 * caller over a limit gets a {@link ThrottlerException} (429).
 *
 * @publicApi
 */
@Injectable()
export class ThrottlerGuard implements CanActivate {
  private readonly throttlers: ThrottlerOptions[];
  private readonly errorMessage: string | undefined;
  private storage: ThrottlerStorage | undefined;

  constructor(
    @Inject(THROTTLER_OPTIONS) private readonly options: ThrottlerModuleOptions,
    private readonly reflector: Reflector,
    private readonly moduleRef: ModuleRef,
  ) {
    const settings = Array.isArray(options) ? { throttlers: options } : options;
    this.throttlers = settings.throttlers;
    this.errorMessage = settings.errorMessage;
  }

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    const skipped =
      this.reflector.getAllAndOverride<Record<string, boolean>>(
        SKIP_THROTTLE_METADATA,
        targets,
      ) ?? {};
    const overrides =
      this.reflector.getAllAndOverride<Record<string, Override>>(
        THROTTLE_METADATA,
        targets,
      ) ?? {};
    for (const throttler of this.throttlers) {
      const name = throttler.name ?? 'default';
      if (skipped[name] === true || throttler.skipIf?.(context)) continue;
      const override = overrides[name] ?? {};
      const ttl = override.ttl ?? throttler.ttl;
      const limit = override.limit ?? throttler.limit;
      const blockDuration =
        override.blockDuration ?? throttler.blockDuration ?? ttl;
      const tracker = await (throttler.getTracker?.(
        context.switchToRpc().getData(),
        context,
      ) ?? defaultTracker(context));
      const { isBlocked, timeToBlockExpire } =
        await this.storageInUse().increment(
          this.keyOf(context, name, tracker),
          ttl,
          limit,
          blockDuration,
          name,
        );
      if (isBlocked) {
        throw new ThrottlerException(
          this.errorMessage,
          Math.ceil(timeToBlockExpire / 1000),
        );
      }
    }
    return true;
  }

  /**
   * The options' storage, else the one a module provides under `THROTTLER_STORAGE` anywhere
   * in the application (the shared-memory pool's), else this process's memory. Looked up
   * on first use, so it does not matter which module created the guard.
   */
  private storageInUse(): ThrottlerStorage {
    if (!this.storage) {
      const configured = Array.isArray(this.options)
        ? undefined
        : this.options.storage;
      this.storage =
        configured ?? this.providedStorage() ?? new InMemoryThrottlerStorage();
    }
    return this.storage;
  }

  private providedStorage(): ThrottlerStorage | undefined {
    try {
      return this.moduleRef.get<ThrottlerStorage>(THROTTLER_STORAGE);
    } catch {
      return undefined;
    }
  }

  /** One counter per handler, limit and tracker; hashed, so no sender text reaches a key. */
  private keyOf(context: ExecutionContext, name: string, tracker: string) {
    const handler = `${context.getClass().name}.${context.getHandler().name}`;
    return createHash('sha256')
      .update(`${handler}\0${name}\0${tracker}`)
      .digest('base64url')
      .slice(0, 32);
  }
}

/** The caller ({@link callerOf}), or one counter shared by every anonymous call. */
function defaultTracker(context: ExecutionContext): string {
  return callerOf(context) ?? 'anonymous';
}
