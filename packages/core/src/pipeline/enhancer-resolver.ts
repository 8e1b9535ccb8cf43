import { UnknownDependencyError } from '../errors/unknown-dependency.error';
import type { ModulesContainer } from '../injector/container';
import { getConstructorDependencies } from '../injector/constructor-dependencies';
import type { ModuleWrapper } from '../injector/module';
import type { Type } from '../interfaces/type.interface';
import { tokenName } from '../utils/token-name.util';
import type { Enhancer } from './use-enhancers.decorators';

/**
 * Turns the classes given to `@UseGuards()` and its siblings into instances, as Nest does:
 * the provider of that class visible from the module, if there is one, else a new instance
 * whose constructor dependencies come from that module. One instance per class and module.
 */
export class EnhancerResolver {
  private readonly created = new Map<ModuleWrapper, Map<Type, unknown>>();

  constructor(private readonly modules: ModulesContainer) {}

  /**
   * @throws UnknownDependencyError when a constructor dependency is not visible from `module`
   */
  resolve<T>(enhancer: Enhancer<T>, module: ModuleWrapper): T {
    if (typeof enhancer !== 'function') {
      return enhancer;
    }
    const metatype = enhancer as Type<T>;
    const provided = this.modules.lookup(module, metatype);
    if (provided.kind === 'found' && provided.wrapper.isResolved) {
      return provided.wrapper.instance as T;
    }
    let instances = this.created.get(module);
    if (!instances) {
      instances = new Map();
      this.created.set(module, instances);
    }
    if (!instances.has(metatype)) {
      instances.set(metatype, this.construct(metatype, module));
    }
    return instances.get(metatype) as T;
  }

  private construct<T>(metatype: Type<T>, module: ModuleWrapper): T {
    const dependencies = getConstructorDependencies(metatype);
    const names = dependencies.map(dependency => tokenName(dependency.token));
    const args = dependencies.map(({ token, optional }, index) => {
      const found = this.modules.lookup(module, token);
      if (found.kind === 'found' && found.wrapper.isResolved) {
        return found.wrapper.instance;
      }
      if (optional) {
        return undefined;
      }
      throw new UnknownDependencyError(
        token,
        index,
        metatype.name,
        names,
        module.chain,
      );
    });
    return new metatype(...args);
  }
}
