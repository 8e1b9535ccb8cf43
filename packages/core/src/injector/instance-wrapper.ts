import type { DiscoveredClass } from '../interfaces/discovered-class.interface';
import type { FactoryDependency } from '../interfaces/provider.interface';
import type { InjectionToken } from '../interfaces/injection-token.interface';
import { Scope } from '../interfaces/scope.interface';
import type { Type } from '../interfaces/type.interface';
import { tokenName } from '../utils/token-name.util';
import type { ModuleWrapper } from './module';

/** How a provider produces its value. */
export type ProviderRecipe =
  | { kind: 'class'; metatype: Type }
  | { kind: 'value'; value: unknown }
  | {
      kind: 'factory';
      factory: (...args: unknown[]) => unknown;
      inject: FactoryDependency[];
    }
  | { kind: 'existing'; target: InjectionToken };

/**
 * One provider or controller of one module: its recipe, scope and (once created) instance.
 */
export class InstanceWrapper implements DiscoveredClass {
  instance: unknown = undefined;
  /** `true` once the singleton exists (its value may legitimately be `undefined`). */
  isResolved = false;
  /** Set while the singleton is being created, so concurrent consumers share one creation. */
  pending: Promise<unknown> | undefined;

  constructor(
    readonly token: InjectionToken,
    readonly recipe: ProviderRecipe,
    readonly scope: Scope,
    readonly host: ModuleWrapper,
    readonly isController = false,
  ) {}

  get name(): string {
    return this.recipe.kind === 'class' && this.recipe.metatype !== this.token
      ? `${tokenName(this.token)} (${this.recipe.metatype.name})`
      : tokenName(this.token).replace(/^"(.*)"$/, '$1');
  }

  get metatype(): Type | undefined {
    return this.recipe.kind === 'class' ? this.recipe.metatype : undefined;
  }

  get isAlias(): boolean {
    return this.recipe.kind === 'existing';
  }

  get isTransient(): boolean {
    return this.scope === Scope.TRANSIENT;
  }

  get moduleName(): string {
    return this.host.name;
  }
}
