/**
 * Appends `items` to the array stored under `key` on `target`, never overwriting,
 * so that stacked decorators all keep their entries.
 */
export function extendArrayMetadata<T>(
  key: string,
  items: T[],
  target: object,
): void {
  const previous = (Reflect.getMetadata(key, target) as T[] | undefined) ?? [];
  Reflect.defineMetadata(key, [...previous, ...items], target);
}
