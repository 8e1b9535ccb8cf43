import { randomUUID } from 'node:crypto';
import { RpcRequest } from '@mvent/core';
import { InvalidSyftUrlError } from '../errors/invalid-syft-url.error';
import { SyftBoxURL } from '../syftbox/syftbox-url';

/**
 * What {@link createTestRequest} puts in the request, Python's `Request(...)` arguments.
 *
 * @publicApi
 */
export interface TestRequestInit {
  /** @default a random UUID */
  id?: string;
  /** @default 'test@example.com' */
  sender?: string;
  /** @default 'GET' */
  method?: string;
  headers?: Record<string, string>;
  /** Bytes as they are, a string as UTF-8, anything else as JSON. @default null */
  body?: Buffer | Uint8Array | string | object | null;
  /** Path parameters, as the route table gives them (`{ id: '42' }` for `/data/{id}`). */
  params?: Record<string, string>;
}

/**
 * An {@link RpcRequest} for a unit test of a handler, as Python's
 * `Request(id, sender, url=SyftBoxURL(...), method, headers, body)` or the docs'
 * `create_test_request("/test")`: from an endpoint URL
 * (`syft://<owner>/app_data/<app>/rpc/<endpoint>[?query]`) or a bare route path (`/echo`,
 * then served by `test@example.com`'s app `test`). The request's `path` and `query` come from
 * the URL, as the server derives them.
 *
 * @example
 * ```ts
 * const request = createTestRequest('syft://test@example.com/app_data/test/rpc/echo', {
 *   method: 'POST',
 *   body: 'Hello, World!',
 * });
 * expect(echoHandler(request).body).toEqual(Buffer.from('Hello, World!'));
 * ```
 * @throws InvalidSyftUrlError for a URL that is not an RPC endpoint's
 * @publicApi
 */
export function createTestRequest(
  urlOrPath: string | SyftBoxURL,
  init: TestRequestInit = {},
): RpcRequest {
  const url =
    typeof urlOrPath === 'string' && urlOrPath.startsWith('/')
      ? new SyftBoxURL(`syft://test@example.com/app_data/test/rpc${urlOrPath}`)
      : typeof urlOrPath === 'string'
        ? new SyftBoxURL(urlOrPath)
        : urlOrPath;
  const endpoint = /^\/app_data\/[^/]+\/rpc(\/.*)$/.exec(url.path);
  if (!endpoint) {
    throw new InvalidSyftUrlError(
      url.toString(),
      'not an RPC endpoint: syft://<owner>/app_data/<app>/rpc/<endpoint>',
    );
  }
  return new RpcRequest({
    id: init.id ?? randomUUID(),
    sender: init.sender ?? 'test@example.com',
    url: url.toString(),
    method: (init.method ?? 'GET').toUpperCase(),
    path: endpoint[1].replace(/\/+$/, '') || '/',
    headers: init.headers,
    query: url.query,
    params: init.params,
    body: toBody(init.body),
  });
}

function toBody(body: TestRequestInit['body']): Buffer | null {
  if (body === undefined || body === null) return null;
  if (Buffer.isBuffer(body)) return body;
  if (body instanceof Uint8Array) return Buffer.from(body);
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  return Buffer.from(JSON.stringify(body), 'utf8');
}
