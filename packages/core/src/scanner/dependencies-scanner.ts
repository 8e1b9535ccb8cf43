import {
  CONTROLLER_WATERMARK,
  GLOBAL_MODULE_WATERMARK,
  MODULE_METADATA,
} from '../constants';
import { InvalidModuleError } from '../errors/invalid-module.error';
import type { ModulesContainer } from '../injector/container';
import type { Injector } from '../injector/injector';
import { InstanceWrapper } from '../injector/instance-wrapper';
import { ModuleWrapper } from '../injector/module';
import { ModuleRef } from '../injector/module-ref';
import type { DynamicModule } from '../interfaces/dynamic-module.interface';
import type { InjectionToken } from '../interfaces/injection-token.interface';
import type {
  ModuleExport,
  ModuleImport,
  ModuleMetadata,
} from '../interfaces/module-metadata.interface';
import type { Provider } from '../interfaces/provider.interface';
import { Scope } from '../interfaces/scope.interface';
import type { Type } from '../interfaces/type.interface';
import { APP_ENHANCER_KINDS } from '../pipeline/global-enhancers';
import { isForwardReference } from '../utils/forward-ref.util';
import { normalizeProvider, providerToken } from './provider-recipe.util';

/** Provider replacements by token, set by `Test.createTestingModule().overrideProvider()`. */
export type ProviderOverrides = ReadonlyMap<InjectionToken, Provider>;

/**
 * Walks the module graph from the root module and fills the {@link ModulesContainer}:
 * one {@link ModuleWrapper} per module (imports first), its providers, controllers and exports.
 */
export class DependenciesScanner {
  /** Modules already scanned, by class (static) or by object (dynamic). */
  private readonly scanned = new Map<Type | DynamicModule, ModuleWrapper>();

  constructor(
    private readonly container: ModulesContainer,
    private readonly injector: Injector,
    private readonly overrides: ProviderOverrides = new Map(),
  ) {}

  /** Scans `modules` in order; the last one is the application's root. */
  async scan(modules: ModuleImport[]): Promise<void> {
    for (const [index, module] of modules.entries()) {
      await this.scanModule(module, [], index);
    }
  }

  private async scanModule(
    definition: ModuleImport | undefined,
    parentChain: string[],
    index: number,
  ): Promise<ModuleWrapper> {
    const awaited = await definition;
    const resolved = isForwardReference(awaited)
      ? (awaited.forwardRef() as Type | DynamicModule | undefined)
      : awaited;
    if (!resolved) {
      throw InvalidModuleError.undefinedImport(parentChain, index);
    }
    const existing = this.scanned.get(resolved);
    if (existing) {
      return existing;
    }
    const { metatype, metadata, global } = readModule(resolved);
    const module = new ModuleWrapper(
      metatype,
      global,
      [...parentChain, metatype.name],
      this.container.createStore(),
    );
    // Registered before its imports are scanned, so that import cycles terminate.
    this.scanned.set(resolved, module);
    for (const [i, child] of (metadata.imports ?? []).entries()) {
      module.imports.push(await this.scanModule(child, module.chain, i));
    }
    this.addProviders(module, metadata.providers ?? []);
    this.addControllers(module, metadata.controllers ?? []);
    this.addExports(module, metadata.exports ?? []);
    this.container.add(module);
    return module;
  }

  private addProviders(module: ModuleWrapper, providers: Provider[]): void {
    const moduleRef = new ModuleRef(module, this.container, this.injector);
    this.addWrapper(module.providers, module, {
      provide: ModuleRef,
      useValue: moduleRef,
    });
    for (const provider of providers) {
      this.addWrapper(module.providers, module, provider);
    }
  }

  private addControllers(module: ModuleWrapper, controllers: Type[]): void {
    for (const controller of controllers) {
      if (
        typeof controller !== 'function' ||
        Reflect.getMetadata(CONTROLLER_WATERMARK, controller) !== true
      ) {
        throw InvalidModuleError.notAController(
          (controller as Type | undefined)?.name ?? String(controller),
          module.name,
        );
      }
      this.addWrapper(module.controllers, module, controller, true);
    }
  }

  private addWrapper(
    target: Map<InjectionToken, InstanceWrapper>,
    module: ModuleWrapper,
    provider: Provider,
    isController = false,
  ): void {
    const declared = providerToken(provider);
    const override =
      declared === undefined ? undefined : this.overrides.get(declared);
    const normalized = normalizeProvider(provider, module.name, override);
    const { recipe, scope } = normalized;
    const enhancerKind = APP_ENHANCER_KINDS.get(normalized.token as string);
    // Several modules (or one) may provide APP_GUARD: each gets a token of its own.
    const token = enhancerKind
      ? Symbol(normalized.token as string)
      : normalized.token;
    const wrapper = new InstanceWrapper(
      token,
      recipe,
      isController ? Scope.DEFAULT : scope,
      module,
      isController,
    );
    target.set(token, wrapper);
    if (enhancerKind) {
      module.appEnhancers.push({ kind: enhancerKind, wrapper });
    }
  }

  private addExports(module: ModuleWrapper, exports: ModuleExport[]): void {
    for (const exported of exports) {
      const importedModule = this.findImported(module, exported);
      if (importedModule) {
        module.exportedModules.add(importedModule);
        continue;
      }
      const token =
        providerToken(exported as Provider) ?? (exported as InjectionToken);
      if (!module.providers.has(token)) {
        throw InvalidModuleError.unknownExport(token, module.name);
      }
      module.exportedTokens.add(token);
    }
  }

  private findImported(
    module: ModuleWrapper,
    exported: ModuleExport,
  ): ModuleWrapper | undefined {
    const byIdentity = this.scanned.get(exported as Type | DynamicModule);
    if (byIdentity && module.imports.includes(byIdentity)) {
      return byIdentity;
    }
    // `exports: [ConfigModule]` re-exports whichever ConfigModule.forRoot() was imported.
    return module.imports.find(child => child.metatype === exported);
  }
}

function readModule(definition: Type | DynamicModule): {
  metatype: Type;
  metadata: ModuleMetadata;
  global: boolean;
} {
  const isDynamic = typeof definition === 'object';
  const metatype = isDynamic ? definition.module : definition;
  const declared = Reflect.getMetadata(MODULE_METADATA, metatype) as
    ModuleMetadata | undefined;
  if (!declared && !isDynamic) {
    throw InvalidModuleError.notAModule(metatype?.name ?? String(metatype));
  }
  const dynamic: Partial<DynamicModule> = isDynamic ? definition : {};
  return {
    metatype,
    metadata: {
      imports: [...(declared?.imports ?? []), ...(dynamic.imports ?? [])],
      providers: [...(declared?.providers ?? []), ...(dynamic.providers ?? [])],
      controllers: [
        ...(declared?.controllers ?? []),
        ...(dynamic.controllers ?? []),
      ],
      exports: [...(declared?.exports ?? []), ...(dynamic.exports ?? [])],
    },
    global:
      dynamic.global ??
      Reflect.getMetadata(GLOBAL_MODULE_WATERMARK, metatype) === true,
  };
}
