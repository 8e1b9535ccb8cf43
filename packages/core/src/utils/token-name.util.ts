import type { InjectionToken } from '../interfaces/injection-token.interface';

/**
 * A readable name for a token: a class's name, a string in quotes, or a symbol's description.
 */
export function tokenName(token: unknown): string {
  if (typeof token === 'function') {
    return token.name || '<anonymous class>';
  }
  if (typeof token === 'string') {
    return `"${token}"`;
  }
  if (typeof token === 'symbol') {
    return token.toString();
  }
  return String(token);
}

/** Whether a value can be used as an injection token. */
export function isInjectionToken(value: unknown): value is InjectionToken {
  return (
    typeof value === 'function' ||
    typeof value === 'string' ||
    typeof value === 'symbol'
  );
}
