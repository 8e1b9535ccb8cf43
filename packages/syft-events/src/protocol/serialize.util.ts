import { isExactNumber, stringifyJson } from '@mvent/core';

/**
 * Turns a handler's return value (or a client's body) into body bytes exactly as Python
 * syft-rpc's `serialize()` does:
 *
 * | value | bytes |
 * |---|---|
 * | `null` / `undefined` | no body (`null`) |
 * | `Buffer` / `Uint8Array` | as is |
 * | string | UTF-8, not JSON-quoted |
 * | plain object or class instance (pydantic model / dict) | compact JSON, raw UTF-8, NaN → null |
 * | array, number, boolean (`json.dumps`) | JSON with `, ` and `: `, non-ASCII as `\uXXXX`, NaN → NaN |
 *
 * `bigint` and `LosslessNumber` values are written as their exact digits, as Python writes
 * its `int`.
 *
 * @publicApi
 */
export function serialize(value: unknown): Buffer | null {
  if (value === null || value === undefined) {
    return null;
  }
  if (value instanceof Uint8Array) {
    return Buffer.from(value.buffer, value.byteOffset, value.byteLength);
  }
  if (typeof value === 'string') {
    return Buffer.from(value, 'utf8');
  }
  if (typeof value === 'object' && !Array.isArray(value)) {
    return Buffer.from(stringifyJson(value)!, 'utf8');
  }
  return Buffer.from(pythonJsonDumps(value), 'utf8');
}

/** Python's `json.dumps(value)` with its default separators and `ensure_ascii`. */
export function pythonJsonDumps(value: unknown): string {
  if (value === null || value === undefined) {
    return 'null';
  }
  if (typeof value === 'number') {
    return pythonNumber(value);
  }
  if (isExactNumber(value)) {
    return value.toString();
  }
  if (typeof value === 'boolean') {
    return value ? 'true' : 'false';
  }
  if (typeof value === 'string') {
    return asciiJsonString(value);
  }
  if (Array.isArray(value)) {
    return `[${value.map(pythonJsonDumps).join(', ')}]`;
  }
  if (typeof (value as { toJSON?: unknown }).toJSON === 'function') {
    return pythonJsonDumps((value as { toJSON(): unknown }).toJSON());
  }
  const entries = Object.entries(value as Record<string, unknown>).filter(
    ([, v]) => v !== undefined,
  );
  return `{${entries.map(([k, v]) => `${asciiJsonString(k)}: ${pythonJsonDumps(v)}`).join(', ')}}`;
}

function pythonNumber(value: number): string {
  if (Number.isNaN(value)) return 'NaN';
  if (value === Infinity) return 'Infinity';
  if (value === -Infinity) return '-Infinity';
  // Python's repr writes exponents with a sign and at least two digits: 1e+21, 1e-07.
  return String(value).replace(/e([+-])(\d)$/, 'e$10$2');
}

function asciiJsonString(text: string): string {
  return JSON.stringify(text).replace(
    /[\u007f-\uffff]/g,
    char => `\\u${char.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );
}
