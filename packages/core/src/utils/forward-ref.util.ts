/**
 * A reference to a class or module read only when it is needed, for two files that import
 * each other: `@Inject(forwardRef(() => CatsService))`, `imports: [forwardRef(() => CatsModule)]`.
 *
 * @publicApi
 */
export interface ForwardReference<T = unknown> {
  forwardRef: () => T;
}

/**
 * The type of a property or parameter whose class comes through a circular import. Under
 * swc (and esbuild), a parameter typed with the class itself makes the emitted metadata read
 * the class before its file has run, which throws `ReferenceError: Cannot access 'X' before
 * initialization` while the file loads, before mvent can help; `WrapperType<X>` is erased to
 * `Object` in that metadata, and `@Inject(forwardRef(() => X))` names the real token.
 *
 * @publicApi
 */
export type WrapperType<T> = T;

/**
 * Breaks a circular file import: the class is read when the application is created, after
 * both files have loaded. It does not make two providers that need each other in their
 * constructors possible; see {@link CircularDependencyError}.
 *
 * @example
 * ```ts
 * constructor(@Inject(forwardRef(() => CatsService)) private readonly cats: WrapperType<CatsService>) {}
 * ```
 * @publicApi
 */
export function forwardRef<T>(reference: () => T): ForwardReference<T> {
  if (typeof reference !== 'function') {
    throw new TypeError('forwardRef() takes a function: forwardRef(() => X)');
  }
  return { forwardRef: reference };
}

/** Whether `value` was made by {@link forwardRef}. */
export function isForwardReference(value: unknown): value is ForwardReference {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as ForwardReference).forwardRef === 'function'
  );
}
