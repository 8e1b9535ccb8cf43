import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  formatRequest,
  formatResponse,
  InvalidEnvelopeError,
  isSyftStatus,
  parseRequest,
  parseResponse,
  serialize,
  SyftTimestamp,
} from '@mvent/syft-events';

const FIXTURES = join(__dirname, '../fixtures/syftbox');
const cases = readdirSync(FIXTURES, { withFileTypes: true })
  .filter(entry => entry.isDirectory())
  .map(entry => entry.name);
const read = (name: string, file: string) =>
  readFileSync(join(FIXTURES, name, file), 'utf8');

describe('envelopes (real Python files)', () => {
  it.each(cases)(
    '%s: the response parses and is rewritten byte for byte',
    name => {
      const text = read(name, 'response.json');
      const response = parseResponse(text);
      const meta = JSON.parse(read(name, 'meta.json'));
      expect(response.statusCode).toBe(meta.status_code);
      expect(formatResponse(response)).toBe(text);
    },
  );

  it.each(cases.filter(name => name !== 'malformed_request_400'))(
    '%s: the request parses, and Python-written requests are rewritten byte for byte',
    name => {
      const text = read(name, 'request.json');
      const request = parseRequest(text);
      expect(request.id).toMatch(/^[0-9a-f-]{36}$/);
      if (!text.includes('": "')) {
        expect(formatRequest(request)).toBe(text);
      }
    },
  );

  it('should refuse the malformed request with a typed error', () => {
    expect(() =>
      parseRequest(read('malformed_request_400', 'request.json')),
    ).toThrow(InvalidEnvelopeError);
  });

  it('should read Go-style timestamps (nanoseconds, Z) and write them the Python way', () => {
    const request = parseRequest(
      read('go_style_request_nanos_Z', 'request.json'),
    );
    expect(request.created.toString()).toBe('2026-11-22T08:44:01.336972+00:00');
    expect(request.headers['x-syft-url']).toBe(
      'syft://alice@example.com/app_data/demo/rpc/echo',
    );
    expect(JSON.parse(request.body!.toString())).toEqual({ hello: 'world' });
  });

  it('should decode bodies from both base64 alphabets and keep binary bytes', () => {
    const binary = parseRequest(read('post_echo_binary', 'request.json'));
    expect([...binary.body!.subarray(0, 4)]).toEqual([0, 1, 2, 3]);
    const text = parseRequest(read('post_text_unicode', 'request.json'));
    expect(text.body!.toString('utf8')).toBe('héllo wörld ✓ 世界 🚀');
    const raw = JSON.parse(read('post_echo_binary', 'request.json'));
    const standard = {
      ...raw,
      body: raw.body.replace(/-/g, '+').replace(/_/g, '/').replace(/=+$/, ''),
    };
    expect(parseRequest(JSON.stringify(standard)).body).toEqual(binary.body);
  });

  it.each([
    ['an unknown method', { method: 'BREW' }, /unknown method "BREW"/],
    [
      'a naive timestamp',
      { created: '2026-11-22T08:43:57' },
      /`created` must be an ISO-8601 timestamp with a UTC offset/,
    ],
    ['null headers', { headers: null }, /`headers` must be an object/],
    ['a non-UUID id', { id: '../../etc' }, /`id` must be a UUID/],
    ['a bad url', { url: 'syft://alice/x' }, /`url` must be a SyftBox URL/],
    ['bad base64', { body: '@@@' }, /`body` must be base64/],
  ])('should reject %s', (_name, patch, message) => {
    const base = JSON.parse(read('post_add_pydantic_model', 'request.json'));
    expect(() => parseRequest(JSON.stringify({ ...base, ...patch }))).toThrow(
      message,
    );
  });

  it('should accept only SyftStatus codes', () => {
    expect([200, 201, 419, 499, 500].every(isSyftStatus)).toBe(true);
    expect([299, 0, 600, 420].some(isSyftStatus)).toBe(false);
    const response = JSON.parse(
      read('post_add_pydantic_model', 'response.json'),
    );
    expect(() =>
      parseResponse(JSON.stringify({ ...response, status_code: 299 })),
    ).toThrow(/299 is not a SyftStatus/);
  });
});

describe('serialize', () => {
  it('should encode bodies as the Python handlers of the fixtures did', () => {
    const add = parseResponse(read('post_add_pydantic_model', 'response.json'));
    expect(serialize({ total: 42, by: 'alice@example.com' })).toEqual(add.body);
    const text = parseResponse(read('post_text_unicode', 'response.json'));
    expect(serialize('héllo wörld ✓ 世界 🚀'.toUpperCase())).toEqual(text.body);
    const created = parseResponse(
      read('response_201_with_headers', 'response.json'),
    );
    expect(serialize({ created: true })).toEqual(created.body);
    expect(serialize(null)).toBeNull();
  });

  it('should follow json.dumps for lists, numbers and booleans', () => {
    expect(serialize(['hello bob', 'fr'])!.toString()).toBe(
      '["hello bob", "fr"]',
    );
    expect(serialize(['é', { a: 1 }])!.toString()).toBe(
      '["\\u00e9", {"a": 1}]',
    );
    expect(serialize(true)!.toString()).toBe('true');
    expect(serialize(NaN)!.toString()).toBe('NaN');
    expect(serialize(1e21)!.toString()).toBe('1e+21');
    expect(serialize({ text: 'héllo' })!.toString()).toBe('{"text":"héllo"}');
  });
});

describe('SyftTimestamp', () => {
  it('should drop zero microseconds and keep the offset, as isoformat() does', () => {
    expect(SyftTimestamp.parse('2026-11-22T08:43:57+00:00')!.toString()).toBe(
      '2026-11-22T08:43:57+00:00',
    );
    const shifted = SyftTimestamp.parse('2026-11-22T10:43:57.5+02:00')!;
    expect(shifted.toString()).toBe('2026-11-22T10:43:57.500000+02:00');
    expect(shifted.millis).toBe(Date.UTC(2026, 10, 22, 8, 43, 57, 500));
    expect(SyftTimestamp.parse('2026-02-30T00:00:00Z')).toBeUndefined();
  });
});
