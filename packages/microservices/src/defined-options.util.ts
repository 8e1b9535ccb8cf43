/** `options` without its `undefined` entries, so that spreading it keeps the defaults. */
export function definedOptions<T extends object>(options: T): Partial<T> {
  return Object.fromEntries(
    Object.entries(options).filter(([, value]) => value !== undefined),
  ) as Partial<T>;
}
