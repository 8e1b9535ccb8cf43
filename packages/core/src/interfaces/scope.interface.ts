/**
 * How long a provider instance lives.
 *
 * @publicApi
 */
export enum Scope {
  /** One instance for the whole application (the default). */
  DEFAULT = 'singleton',
  /** A new instance for every consumer that injects it. */
  TRANSIENT = 'transient',
}

/**
 * Options of `@Injectable()`.
 *
 * @publicApi
 */
export interface InjectableOptions {
  /** @default Scope.DEFAULT */
  scope?: Scope;
}
