import { Injectable } from '../decorators/injectable.decorator';

/**
 * Lists the methods of a class, walking its prototype chain, so that engines find
 * decorated methods inherited from base classes.
 *
 * @publicApi
 */
@Injectable()
export class MetadataScanner {
  private readonly cache = new WeakMap<object, string[]>();

  /**
   * The names of every method on `prototype` and its ancestors, once each, nearest first.
   * Skips the constructor, getters and setters (reading them could run user code).
   */
  getAllMethodNames(prototype: object | null): string[] {
    if (!prototype) {
      return [];
    }
    const cached = this.cache.get(prototype);
    if (cached) {
      return cached;
    }
    const names = new Set<string>();
    for (
      let current: object | null = prototype;
      current && current !== Object.prototype;
      current = Reflect.getPrototypeOf(current)
    ) {
      for (const name of Object.getOwnPropertyNames(current)) {
        const descriptor = Object.getOwnPropertyDescriptor(current, name);
        if (
          name !== 'constructor' &&
          descriptor &&
          !descriptor.get &&
          !descriptor.set &&
          typeof descriptor.value === 'function'
        ) {
          names.add(name);
        }
      }
    }
    const result = [...names];
    this.cache.set(prototype, result);
    return result;
  }
}
