import { isDeepStrictEqual } from 'node:util';
import { ValueCodec } from '../../src/pool/value-codec';
import { JSON_MARK, jsonBytesOf } from '../../src/pool/json-values';
import { createStructuredPackr } from '../../src/pool/value-codec';

const context = { name: 'k', version: 1, log: true };

/** What msgpackr alone (the codec before JSON) gives back for `value`. */
const throughMsgpackr = (value: unknown) => {
  const packr = createStructuredPackr();
  return packr.unpack(packr.pack(value)) as unknown;
};

/**
 * Plain JSON data is stored as JSON text; everything else as before. Either way a value
 * comes back as msgpackr's structured clone gave it back (a lone surrogate comes back whole,
 * where msgpackr replaced it).
 */
describe('values stored as JSON text', () => {
  const codec = new ValueCodec();
  const roundTrip = (value: unknown) =>
    codec.decode(context, 0, codec.pack('k', value));

  const plain: Array<[string, unknown]> = [
    ['a sample event', { t: 1733619000123.25, i: 7, body: 'x'.repeat(80) }],
    [
      'nested objects and arrays',
      { a: [1, 'two', true, null, { b: [] }], c: {} },
    ],
    [
      'numbers at the edges',
      [0, -1.5, Number.MAX_SAFE_INTEGER, 1e300, 5e-324, 2 ** 60],
    ],
    ['strings of every kind', ['', 'é', '😀', '\u0000', '"quoted"\n']],
    ['keys in any order, numeric ones too', { b: 1, 2: 'two', a: 2, 1: 'one' }],
    [
      'an object without a prototype',
      Object.assign(Object.create(null), { x: 1 }),
    ],
    ['a string, a number, true, null', 'text'],
    ['an empty array', []],
  ];
  it.each(plain)(
    'stores %s as JSON and gives it back as msgpackr did',
    (_, value) => {
      expect(codec.pack('k', value)[0]).toBe(JSON_MARK);
      const decoded = roundTrip(value);
      expect(isDeepStrictEqual(decoded, throughMsgpackr(value))).toBe(true);
      expect(Object.getPrototypeOf(decoded ?? {})).toBe(
        Object.getPrototypeOf(throughMsgpackr(value) ?? {}),
      );
    },
  );

  const shared = { s: 1 };
  const cyclic: Record<string, unknown> = { name: 'loop' };
  cyclic.self = cyclic;
  const holes = [1, , 3]; // eslint-disable-line no-sparse-arrays
  const others: Array<[string, unknown]> = [
    ['undefined in an object', { a: undefined, b: 1 }],
    ['a hole in an array', holes],
    ['NaN and Infinity', [NaN, Infinity, -Infinity]],
    ['a Date', { at: new Date(5) }],
    ['a Map and a Set', { m: new Map([[1, 'a']]), s: new Set([2]) }],
    [
      'a Buffer and a typed array',
      [Buffer.from('hi'), new Float32Array([1.5])],
    ],
    ['a bigint', { n: 12345678901234567890n }],
    ['an Error', new Error('boom')],
    [
      'a class instance',
      new (class Point {
        x = 1;
      })(),
    ],
    ['an object met twice', { a: shared, b: shared }],
    ['a cycle', cyclic],
    ['a __proto__ key', JSON.parse('{"__proto__": {"polluted": true}}')],
    ['an object with a toJSON method', { toJSON: () => 'other' }],
    ['more than 256 values', Array.from({ length: 300 }, (_, i) => i)],
    ['more than 32 objects', Array.from({ length: 40 }, (_, i) => ({ i }))],
  ];
  it.each(others)(
    'leaves %s to msgpackr, which gives it back as before',
    (_, value) => {
      const packed = codec.pack('k', value);
      expect(packed[0]).not.toBe(JSON_MARK);
      expect(jsonBytesOf(value)).toBeUndefined();
      const decoded = roundTrip(value) as Record<string, unknown>;
      expect(isDeepStrictEqual(decoded, throughMsgpackr(value))).toBe(true);
    },
  );

  it('keeps a lone surrogate, which msgpackr turned into U+FFFD', () => {
    expect(roundTrip({ s: '\ud800 lone' })).toEqual({ s: '\ud800 lone' });
    expect(throughMsgpackr('\ud800 lone')).not.toBe('\ud800 lone');
  });

  it('keeps identity where msgpackr kept it: shared and cyclic references', () => {
    const decoded = roundTrip({ a: shared, b: shared }) as Record<
      string,
      unknown
    >;
    expect(decoded.a).toBe(decoded.b);
    const loop = roundTrip(cyclic) as Record<string, unknown>;
    expect(loop.self).toBe(loop);
  });

  it('still reads values msgpackr wrote (pools written before), and an older reader refuses JSON', () => {
    const before = createStructuredPackr().pack({ t: 1, body: 'old' });
    expect(codec.decode(context, 0, before)).toEqual({ t: 1, body: 'old' });
    // What a reader without this encoding does with it: an error, not a wrong value.
    expect(() =>
      createStructuredPackr().unpack(codec.pack('k', { t: 1 })),
    ).toThrow();
  });
});
