import { join } from 'node:path';
import { locateRequest } from '../../src/server/request-location.util';

const RPC = '/data/datasites/alice@example.com/app_data/demo/rpc';
const ID = '2edefe89-f0b0-4a35-b1c7-b0213116c465';

describe('locateRequest', () => {
  it('should find the endpoint, sender folder, id and response path', () => {
    expect(
      locateRequest(RPC, join(RPC, 'add/bob@example.com', `${ID}.request`), [
        '/add',
      ]),
    ).toEqual({
      endpoint: '/add',
      senderDir: 'bob@example.com',
      id: ID,
      responsePath: join(RPC, 'add/bob@example.com', `${ID}.response`),
    });
  });

  it('should pick the longest registered endpoint', () => {
    const endpoints = ['/echo', '/echo/sub'];
    expect(
      locateRequest(
        RPC,
        join(RPC, 'echo/sub/bob@example.com', `${ID}.request`),
        endpoints,
      ),
    ).toMatchObject({
      endpoint: '/echo/sub',
    });
    expect(
      locateRequest(
        RPC,
        join(RPC, 'echo/bob@example.com', `${ID}.request`),
        endpoints,
      ),
    ).toMatchObject({
      endpoint: '/echo',
    });
  });

  it.each([
    [
      'outside rpc/',
      '/data/datasites/alice@example.com/other.request',
      /outside the rpc folder/,
    ],
    [
      'a traversal',
      join(RPC, '../../x', `${ID}.request`),
      /outside the rpc folder/,
    ],
    [
      'a non-UUID name',
      join(RPC, 'add/bob@example.com/hello.request'),
      /not named <uuid>\.request/,
    ],
    [
      'a rejected marker',
      join(RPC, 'add/bob@example.com', `${ID}.rejected.request`),
      /not named/,
    ],
    [
      'an unknown endpoint',
      join(RPC, 'nope/bob@example.com', `${ID}.request`),
      /no registered endpoint/,
    ],
    [
      'a legacy path without sender',
      join(RPC, 'add', `${ID}.request`),
      /no registered endpoint/,
    ],
    [
      'a nested folder under the sender',
      join(RPC, 'add/bob@example.com/deeper', `${ID}.request`),
      /not directly in a sender folder/,
    ],
  ])('should reject %s', (_case, path, reason) => {
    const result = locateRequest(RPC, path, ['/add']);
    expect('rejected' in result && result.rejected).toMatch(reason);
  });
});
