/**
 * One reason a payload failed validation, as data (never thrown on its own).
 *
 * @publicApi
 */
export interface PayloadViolation {
  /** Dotted path of the property, with array indexes: `items.0.name`; `''` for the payload itself. */
  property: string;
  /** Failed constraints by name, each with its message: `{ isInt: 'a must be an integer number' }`. */
  constraints: Record<string, string>;
  /** The value that was rejected. */
  value: unknown;
}

/**
 * The outcome of `ValidationPipe.validate()`.
 *
 * @publicApi
 */
export type ValidationResult<T> =
  { valid: true; value: T } | { valid: false; violations: PayloadViolation[] };
