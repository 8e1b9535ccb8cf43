import { Injectable } from '../decorators/injectable.decorator';

/**
 * Reads metadata written by decorators such as `SetMetadata()`.
 *
 * @publicApi
 */
@Injectable()
export class Reflector {
  /** The value stored under `key` on a class or a method, or `undefined`. */
  get<T = unknown>(key: string | symbol, target: object): T | undefined {
    return Reflect.getMetadata(key, target) as T | undefined;
  }

  /** The first defined value of `key` among `targets` (e.g. method, then class). */
  getAllAndOverride<T = unknown>(
    key: string | symbol,
    targets: object[],
  ): T | undefined {
    for (const target of targets) {
      const value = this.get<T>(key, target);
      if (value !== undefined) {
        return value;
      }
    }
    return undefined;
  }

  /** The values of `key` on every target, arrays concatenated. */
  getAllAndMerge<T = unknown>(key: string | symbol, targets: object[]): T[] {
    return targets.flatMap(target => {
      const value = this.get<T | T[]>(key, target);
      if (value === undefined) {
        return [];
      }
      return Array.isArray(value) ? value : [value];
    });
  }
}
