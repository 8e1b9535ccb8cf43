import { CircularDependencyError } from '../errors/circular-dependency.error';
import { CoreError } from '../errors/core.error';
import { DependencyResolutionError } from '../errors/dependency-resolution.error';
import { ProviderNotExportedError } from '../errors/provider-not-exported.error';
import { UnknownDependencyError } from '../errors/unknown-dependency.error';
import type { FactoryDependency } from '../interfaces/provider.interface';
import { tokenName } from '../utils/token-name.util';
import type { ModulesContainer } from './container';
import type { Dependency } from './constructor-dependencies';
import { getConstructorDependencies } from './constructor-dependencies';
import type { InstanceWrapper } from './instance-wrapper';

/**
 * Creates provider instances: resolves each dependency through the module visibility
 * rules, awaits async factories, detects cycles and stores singletons in their
 * module's tsyringe container.
 */
export class Injector {
  constructor(private readonly modules: ModulesContainer) {}

  /** Creates every singleton provider and controller, modules in order. */
  async createAll(): Promise<void> {
    for (const module of this.modules.modules) {
      for (const wrapper of module.wrappers) {
        if (!wrapper.isTransient) {
          await this.load(wrapper, []);
        }
      }
    }
  }

  /**
   * The instance for `wrapper`: the singleton (created once) or, for a transient
   * provider, a new instance.
   */
  async load(
    wrapper: InstanceWrapper,
    path: InstanceWrapper[],
  ): Promise<unknown> {
    if (path.includes(wrapper)) {
      const cycle = [...path.slice(path.indexOf(wrapper)), wrapper];
      throw new CircularDependencyError(cycle.map(w => w.name));
    }
    if (wrapper.isTransient) {
      return this.create(wrapper, [...path, wrapper]);
    }
    if (wrapper.isResolved) {
      return wrapper.instance;
    }
    wrapper.pending ??= this.create(wrapper, [...path, wrapper]).then(
      instance => {
        wrapper.instance = instance;
        wrapper.isResolved = true;
        wrapper.pending = undefined;
        wrapper.host.store.registerInstance(wrapper.token as never, instance);
        return instance;
      },
    );
    return wrapper.pending;
  }

  private async create(
    wrapper: InstanceWrapper,
    path: InstanceWrapper[],
  ): Promise<unknown> {
    const { recipe } = wrapper;
    try {
      switch (recipe.kind) {
        case 'value':
          return recipe.value;
        case 'existing':
          return await this.resolveDependency(
            wrapper,
            { token: recipe.target, optional: false },
            0,
            [],
            path,
          );
        case 'factory': {
          const deps = recipe.inject.map(toDependency);
          const args = await this.resolveAll(wrapper, deps, path);
          return await recipe.factory(...args);
        }
        case 'class': {
          const deps = getConstructorDependencies(recipe.metatype);
          const args = await this.resolveAll(wrapper, deps, path);
          return new recipe.metatype(...args);
        }
      }
    } catch (error) {
      if (error instanceof CoreError) {
        throw error;
      }
      throw new DependencyResolutionError(
        wrapper.name,
        wrapper.host.chain,
        error,
      );
    }
  }

  private async resolveAll(
    consumer: InstanceWrapper,
    deps: Dependency[],
    path: InstanceWrapper[],
  ): Promise<unknown[]> {
    const names = deps.map(dep => tokenName(dep.token));
    const args: unknown[] = [];
    for (const [index, dep] of deps.entries()) {
      args.push(
        await this.resolveDependency(consumer, dep, index, names, path),
      );
    }
    return args;
  }

  private async resolveDependency(
    consumer: InstanceWrapper,
    dep: Dependency,
    index: number,
    parameterNames: string[],
    path: InstanceWrapper[],
  ): Promise<unknown> {
    const found = this.modules.lookup(consumer.host, dep.token);
    if (found.kind === 'found') {
      return this.load(found.wrapper, path);
    }
    if (dep.optional) {
      return undefined;
    }
    if (found.kind === 'not-exported') {
      throw new ProviderNotExportedError(
        dep.token,
        consumer.name,
        found.owner.name,
        consumer.host.chain,
      );
    }
    throw new UnknownDependencyError(
      dep.token,
      index,
      consumer.name,
      parameterNames,
      consumer.host.chain,
    );
  }
}

function toDependency(dep: FactoryDependency): Dependency {
  return typeof dep === 'object' && dep !== null && 'token' in dep
    ? { token: dep.token, optional: dep.optional }
    : { token: dep, optional: false };
}
