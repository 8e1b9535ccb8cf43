import type { DependencyContainer } from 'tsyringe';
import type { InjectionToken } from '../interfaces/injection-token.interface';
import type { Type } from '../interfaces/type.interface';
import type { EnhancerKind } from '../pipeline/global-enhancers';
import type { InstanceWrapper } from './instance-wrapper';

/**
 * One module of the application graph: what it provides, imports and exports,
 * and the tsyringe container that holds its singleton instances.
 */
export class ModuleWrapper {
  readonly providers = new Map<InjectionToken, InstanceWrapper>();
  readonly controllers = new Map<InjectionToken, InstanceWrapper>();
  readonly imports: ModuleWrapper[] = [];
  /** Exported provider tokens. */
  readonly exportedTokens = new Set<InjectionToken>();
  /** Re-exported imported modules. */
  readonly exportedModules = new Set<ModuleWrapper>();
  /** Providers declared under `APP_GUARD` and its siblings, each under a token of its own. */
  readonly appEnhancers: { kind: EnhancerKind; wrapper: InstanceWrapper }[] =
    [];

  constructor(
    readonly metatype: Type,
    readonly isGlobal: boolean,
    /** The import path from the root module, for error messages. */
    readonly chain: string[],
    readonly store: DependencyContainer,
  ) {}

  get name(): string {
    return this.metatype.name;
  }

  /** Every provider and controller, providers first. */
  get wrappers(): InstanceWrapper[] {
    return [...this.providers.values(), ...this.controllers.values()];
  }
}
