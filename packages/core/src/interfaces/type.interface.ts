/**
 * A class that can be constructed with `new`.
 *
 * @publicApi
 */
export interface Type<T = unknown> extends Function {
  new (...args: any[]): T;
}

/**
 * A class that may be abstract: usable as an injection token but not constructed.
 *
 * @publicApi
 */
export type Abstract<T = unknown> = abstract new (...args: any[]) => T;
