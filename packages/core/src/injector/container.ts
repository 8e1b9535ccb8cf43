import { container as tsyringeRoot } from 'tsyringe';
import type { DependencyContainer } from 'tsyringe';
import type { InjectionToken } from '../interfaces/injection-token.interface';
import type { InstanceWrapper } from './instance-wrapper';
import type { ModuleWrapper } from './module';

/** Where a token was found from a module's point of view. */
export type ProviderLookup =
  | { kind: 'found'; wrapper: InstanceWrapper }
  | { kind: 'not-exported'; owner: ModuleWrapper }
  | { kind: 'missing' };

/**
 * The module graph of one application, in initialisation order (imported modules
 * before the modules importing them), and the visibility rules between modules.
 */
export class ModulesContainer {
  private readonly ordered: ModuleWrapper[] = [];

  /** A fresh tsyringe container for one module; nothing is registered globally. */
  createStore(): DependencyContainer {
    return tsyringeRoot.createChildContainer();
  }

  /** Appends a module once all of its imports have been added. */
  add(module: ModuleWrapper): void {
    this.ordered.push(module);
  }

  /** Modules, dependencies first. */
  get modules(): readonly ModuleWrapper[] {
    return this.ordered;
  }

  /** The module the application was created from. */
  get root(): ModuleWrapper {
    return this.ordered[this.ordered.length - 1];
  }

  /**
   * Finds `token` as `module` sees it: its own providers, then what its imports export,
   * then what global modules export. Reports a provider that exists in an imported
   * module but is not exported, so the error can say so.
   */
  lookup(module: ModuleWrapper, token: InjectionToken): ProviderLookup {
    const own = module.providers.get(token);
    if (own) {
      return { kind: 'found', wrapper: own };
    }
    const visible = [
      ...module.imports,
      ...this.ordered.filter(m => m.isGlobal && m !== module),
    ];
    for (const candidate of visible) {
      const wrapper = this.exported(candidate, token, new Set());
      if (wrapper) {
        return { kind: 'found', wrapper };
      }
    }
    const owner = module.imports.find(m => m.providers.has(token));
    return owner ? { kind: 'not-exported', owner } : { kind: 'missing' };
  }

  /** Every wrapper registered under `token`, in module order. */
  findAll(token: InjectionToken): InstanceWrapper[] {
    return this.ordered.flatMap(module =>
      [module.providers.get(token), module.controllers.get(token)].filter(
        (wrapper): wrapper is InstanceWrapper => wrapper !== undefined,
      ),
    );
  }

  private exported(
    module: ModuleWrapper,
    token: InjectionToken,
    seen: Set<ModuleWrapper>,
  ): InstanceWrapper | undefined {
    if (seen.has(module)) {
      return undefined;
    }
    seen.add(module);
    if (module.exportedTokens.has(token)) {
      return (
        module.providers.get(token) ?? this.reexported(module, token, seen)
      );
    }
    return this.reexported(module, token, seen);
  }

  private reexported(
    module: ModuleWrapper,
    token: InjectionToken,
    seen: Set<ModuleWrapper>,
  ): InstanceWrapper | undefined {
    for (const child of module.exportedModules) {
      const wrapper = this.exported(child, token, seen);
      if (wrapper) {
        return wrapper;
      }
    }
    return undefined;
  }
}
