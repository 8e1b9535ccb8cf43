/**
 * The first byte of a value stored as JSON text. MessagePack never uses 0xc1, so msgpackr
 * refuses such bytes: a reader from before this encoding reports a decode error, never a
 * wrong value.
 */
export const JSON_MARK = 0xc1;

/** Objects and arrays a value may hold to be checked (each is compared with the others). */
const MAX_OBJECTS = 32;
/** Values of any kind a value may hold to be checked; larger ones go to msgpackr. */
const MAX_NODES = 256;

/**
 * The bytes of `value` as JSON text after {@link JSON_MARK}, when JSON gives it back exactly
 * as msgpackr's structured clone would: plain objects and arrays (dense) of strings, finite
 * numbers, booleans and null, no object met twice (shared or cyclic references), no
 * `__proto__` key, at most 32 objects and 256 values. `undefined` for anything else, which
 * msgpackr encodes. V8's JSON is native code, as fast in a process's first events as later,
 * where msgpackr runs in the interpreter until V8 optimises it: about 15 µs of a cold emit's
 * 90 (the README's benchmarks). A getter of a plain object runs twice: once here, once
 * when the value is written.
 */
export function jsonBytesOf(value: unknown): Buffer | undefined {
  const walk = { objects: [] as object[], nodes: 0 };
  if (!isJsonTree(value, walk)) return undefined;
  const text = JSON.stringify(value);
  const bytes = Buffer.allocUnsafe(1 + Buffer.byteLength(text));
  bytes[0] = JSON_MARK;
  bytes.write(text, 1);
  return bytes;
}

/** The value of bytes that {@link jsonBytesOf} wrote. */
export function valueOfJsonBytes(bytes: Buffer): unknown {
  return JSON.parse(bytes.toString('utf8', 1)) as unknown;
}

/** Whether JSON carries `value` exactly (see {@link jsonBytesOf}), within the walk's limits. */
function isJsonTree(
  value: unknown,
  walk: { objects: object[]; nodes: number },
): boolean {
  if (++walk.nodes > MAX_NODES) return false;
  switch (typeof value) {
    case 'string':
    case 'boolean':
      return true;
    case 'number':
      return Number.isFinite(value);
    case 'object':
      break;
    default:
      return false; // undefined, bigint, symbol, function
  }
  if (value === null) return true;
  if (walk.objects.length >= MAX_OBJECTS || walk.objects.includes(value)) {
    return false;
  }
  walk.objects.push(value);
  const prototype = Object.getPrototypeOf(value) as unknown;
  if (prototype === Array.prototype) {
    const array = value as unknown[];
    for (let i = 0; i < array.length; i++) {
      if (!isJsonTree(array[i], walk)) return false; // a hole reads undefined
    }
    return true;
  }
  if (prototype !== Object.prototype && prototype !== null) return false;
  const object = value as Record<string, unknown>;
  for (const key of Object.keys(object)) {
    if (key === '__proto__' || !isJsonTree(object[key], walk)) return false;
  }
  return true;
}
