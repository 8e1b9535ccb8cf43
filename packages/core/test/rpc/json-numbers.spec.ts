import { LosslessNumber } from 'lossless-json';
import { parseJson, RpcRequest, stringifyJson } from '../../src';

describe('parseJson and stringifyJson', () => {
  it("'exact' keeps integers beyond 2^53 as bigint and is JSON.parse otherwise", () => {
    expect(
      parseJson(
        '{"a": 12345678901234567890, "b": 1.5, "c": "12345678901234567890"}',
      ),
    ).toEqual({
      a: 12345678901234567890n,
      b: 1.5,
      c: '12345678901234567890',
    });
    expect(
      parseJson('[9007199254740991, 9007199254740992, -9007199254740993]'),
    ).toEqual([9007199254740991, 9007199254740992n, -9007199254740993n]);
    expect(parseJson('{"pi": 3.141592653589793238462643}')).toEqual({
      pi: 3.141592653589793,
    });
    expect(() => parseJson('{"a": 12345678901234567890')).toThrow(SyntaxError);
  });

  it("'lossless' keeps every number a number would change", () => {
    const value = parseJson(
      '{"a": 1.0, "b": 2, "c": 1e3}',
      'lossless',
    ) as Record<string, unknown>;
    expect(value.a).toEqual(new LosslessNumber('1.0'));
    expect(value.b).toBe(2);
    expect(stringifyJson(value)).toBe('{"a":1.0,"b":2,"c":1e3}');
  });

  it('writes bigint and LosslessNumber values as digits, anything else as JSON.stringify', () => {
    expect(
      stringifyJson({ a: 1n << 70n, b: [new LosslessNumber('1.10')] }),
    ).toBe('{"a":1180591620717411303424,"b":[1.10]}');
    expect(stringifyJson({ a: 1, s: 'x' })).toBe(
      JSON.stringify({ a: 1, s: 'x' }),
    );
    expect(stringifyJson(undefined)).toBeUndefined();
    const cycle: Record<string, unknown> = {};
    cycle.self = cycle;
    expect(() => stringifyJson(cycle)).toThrow(TypeError);
  });

  it('RpcRequest.json() reads numbers exactly by default', () => {
    const request = new RpcRequest({
      id: '1',
      sender: 's',
      url: 'u',
      method: 'POST',
      path: '/',
      body: Buffer.from('{"id": 12345678901234567890}'),
    });
    expect(request.json()).toEqual({ id: 12345678901234567890n });
  });
});
