/**
 * Attaches `value` under `key` to a class or a method, for custom decorators read
 * back through `Reflector` or the `DiscoveryService`.
 *
 * @example
 * ```ts
 * export const Roles = (...roles: string[]) => SetMetadata(ROLES_METADATA, roles);
 * ```
 * @publicApi
 */
export function SetMetadata<V>(
  key: string | symbol,
  value: V,
): ClassDecorator & MethodDecorator {
  return (
    target: object,
    _propertyKey?: string | symbol,
    descriptor?: PropertyDescriptor,
  ) => {
    Reflect.defineMetadata(
      key,
      value,
      descriptor ? (descriptor.value as object) : target,
    );
  };
}
