import { Injectable } from '../decorators/injectable.decorator';
import { ModulesContainer } from '../injector/container';
import type { DiscoveredClass } from '../interfaces/discovered-class.interface';
import type { DiscoveredMethod } from '../interfaces/discovered-method.interface';
import { MetadataScanner } from '../scanner/metadata-scanner';

/** Filters of {@link DiscoveryService.getProviders}. */
export interface DiscoveryOptions {
  /** Only classes carrying this class-level metadata key (e.g. a `_WATERMARK`). */
  metadataKey?: string;
}

/**
 * Lets engines find the providers, controllers and decorated methods of the application.
 * Import `DiscoveryModule` to inject it.
 *
 * @publicApi
 */
@Injectable()
export class DiscoveryService {
  /** @internal */
  constructor(
    private readonly modules: ModulesContainer,
    private readonly metadataScanner: MetadataScanner,
  ) {}

  /** Every provider of every module (aliases included; check `isAlias`). */
  getProviders(options: DiscoveryOptions = {}): DiscoveredClass[] {
    return this.collect(false, options);
  }

  /** Every controller of every module. */
  getControllers(options: DiscoveryOptions = {}): DiscoveredClass[] {
    return this.collect(true, options);
  }

  /**
   * Every method of a created provider or controller that has metadata under `key`,
   * including methods inherited from base classes. Aliases and transient providers
   * (which have no single instance) are skipped.
   */
  getMethodsWithMetadata<M>(key: string): DiscoveredMethod<M>[] {
    const hosts = [...this.getProviders(), ...this.getControllers()].filter(
      host => !host.isAlias && isObject(host.instance),
    );
    return hosts.flatMap(host => {
      const instance = host.instance as object;
      const prototype = Reflect.getPrototypeOf(instance);
      return this.metadataScanner
        .getAllMethodNames(prototype)
        .flatMap((methodName): DiscoveredMethod<M>[] => {
          const method = (instance as Record<string, unknown>)[methodName] as (
            ...args: unknown[]
          ) => unknown;
          const metadata = Reflect.getMetadata(key, method) as M | undefined;
          return metadata === undefined
            ? []
            : [{ host, instance, methodName, method, metadata }];
        });
    });
  }

  private collect(
    controllers: boolean,
    { metadataKey }: DiscoveryOptions,
  ): DiscoveredClass[] {
    return this.modules.modules
      .flatMap(module => [
        ...(controllers ? module.controllers : module.providers).values(),
      ])
      .filter(
        wrapper =>
          !metadataKey ||
          (wrapper.metatype !== undefined &&
            Reflect.getMetadata(metadataKey, wrapper.metatype) !== undefined),
      );
  }
}

function isObject(value: unknown): value is object {
  return typeof value === 'object' && value !== null;
}
