import { UnknownElementError } from '../errors/unknown-element.error';
import type { InjectionToken } from '../interfaces/injection-token.interface';
import { InvalidProviderError } from '../errors/invalid-provider.error';
import type { ModulesContainer } from './container';
import type { Injector } from './injector';
import type { InstanceWrapper } from './instance-wrapper';
import type { ModuleWrapper } from './module';

/** Options of {@link ModuleRef.get}. */
export interface GetOptions {
  /**
   * `true`: only what this module can see (its own, its imports' exports, globals).
   * `false`: any provider of the application.
   * @default false
   */
  strict?: boolean;
}

/**
 * A handle on one module's providers, injectable into any provider, for lookups
 * that cannot be constructor injections (lazy or dynamic ones).
 *
 * @publicApi
 */
export class ModuleRef {
  /** @internal */
  constructor(
    private readonly module: ModuleWrapper,
    private readonly container: ModulesContainer,
    private readonly injector: Injector,
  ) {}

  /**
   * The singleton registered under `token`.
   *
   * @throws UnknownElementError when no provider has that token
   * @throws InvalidProviderError for a transient provider: use {@link ModuleRef.resolve}
   */
  get<T = unknown>(token: InjectionToken<T>, options: GetOptions = {}): T {
    const wrapper = this.find(token, options);
    if (wrapper.isTransient) {
      throw InvalidProviderError.transientGet(token);
    }
    if (!wrapper.isResolved) {
      throw new UnknownElementError(token);
    }
    return wrapper.instance as T;
  }

  /** Like {@link ModuleRef.get}, and for a transient provider creates a new instance. */
  async resolve<T = unknown>(
    token: InjectionToken<T>,
    options: GetOptions = {},
  ): Promise<T> {
    return (await this.injector.load(this.find(token, options), [])) as T;
  }

  private find(
    token: InjectionToken,
    { strict = false }: GetOptions,
  ): InstanceWrapper {
    const visible = this.container.lookup(this.module, token);
    if (visible.kind === 'found') {
      return visible.wrapper;
    }
    const [anywhere] = strict ? [] : this.container.findAll(token);
    if (!anywhere) {
      throw new UnknownElementError(token);
    }
    return anywhere;
  }
}
