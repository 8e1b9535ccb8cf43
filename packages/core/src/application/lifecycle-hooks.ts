import type { ModuleWrapper } from '../injector/module';

/** The lifecycle hook method names, in the order the application calls them. */
export type LifecycleHook =
  | 'onModuleInit'
  | 'onApplicationBootstrap'
  | 'onModuleDestroy'
  | 'beforeApplicationShutdown'
  | 'onApplicationShutdown';

/**
 * Calls `hook` on every created instance of `modules`, one at a time and awaited:
 * within a module, providers before controllers.
 */
export async function callLifecycleHook(
  modules: readonly ModuleWrapper[],
  hook: LifecycleHook,
  signal?: string,
): Promise<void> {
  for (const module of modules) {
    for (const wrapper of module.wrappers) {
      if (wrapper.isTransient || wrapper.isAlias || !wrapper.isResolved) {
        continue;
      }
      const instance = wrapper.instance as Record<string, unknown> | null;
      const method = instance?.[hook];
      if (typeof method === 'function') {
        await (method as (signal?: string) => unknown).call(instance, signal);
      }
    }
  }
}
