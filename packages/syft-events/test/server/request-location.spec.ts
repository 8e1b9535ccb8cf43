import { join } from 'node:path';
import { RoutePath, RouteTable } from '@mvent/core';
import { locateRequest } from '../../src/server/request-location.util';

const RPC = '/data/datasites/alice@example.com/app_data/demo/rpc';
const ID = '2edefe89-f0b0-4a35-b1c7-b0213116c465';

function routes(...paths: string[]): RouteTable<string> {
  const table = new RouteTable<string>();
  for (const path of paths) table.add(RoutePath.parse(path), path);
  return table;
}

describe('locateRequest', () => {
  it('finds the endpoint, sender folder, id and response path', () => {
    expect(
      locateRequest(
        RPC,
        join(RPC, 'add/bob@example.com', `${ID.toUpperCase()}.request`),
        routes('/add'),
      ),
    ).toMatchObject({
      kind: 'request',
      endpointSegments: ['add'],
      senderDir: 'bob@example.com',
      id: ID,
      responsePath: join(
        RPC,
        'add/bob@example.com',
        `${ID.toUpperCase()}.response`,
      ),
      route: { handler: '/add', params: {} },
    });
  });

  it('matches exactly, so a sub-path is not served by its parent', () => {
    const table = routes('/echo', '/echo/sub', '/data/{id}');
    const at = (folder: string) =>
      locateRequest(RPC, join(RPC, folder, `${ID}.request`), table);
    expect(at('echo/sub/bob@example.com')).toMatchObject({
      route: { handler: '/echo/sub' },
    });
    expect(at('echo/bob@example.com')).toMatchObject({
      route: { handler: '/echo' },
    });
    expect(at('echo/deeper/x/bob@example.com')).toMatchObject({
      kind: 'request',
      route: undefined,
    });
    expect(at('data/42/bob@example.com')).toMatchObject({
      route: { params: { id: '42' } },
    });
  });

  it('recognises legacy requests directly in an endpoint folder', () => {
    expect(
      locateRequest(
        RPC,
        join(RPC, 'v1/ping', `${ID}.request`),
        routes('/v1/ping'),
      ),
    ).toMatchObject({
      kind: 'legacy',
      endpointSegments: ['v1', 'ping'],
      senderDir: '',
    });
  });

  it.each([
    [
      'outside rpc/',
      '/data/datasites/alice@example.com/other.request',
      /outside/,
    ],
    ['a traversal', join(RPC, '../../x', `${ID}.request`), /outside/],
    [
      'a non-UUID name',
      join(RPC, 'add/bob@example.com/hello.request'),
      /not named/,
    ],
    [
      'a rejected marker',
      join(RPC, 'add/bob@example.com', `${ID}.rejected.request`),
      /not named/,
    ],
    ['the top of rpc/', join(RPC, `${ID}.request`), /top of the rpc folder/],
    ['an unserved top folder', join(RPC, 'nope', `${ID}.request`), /unserved/],
  ])('ignores %s', (_case, path, reason) => {
    const result = locateRequest(RPC, path, routes('/add'));
    expect(result).toEqual({
      ignored: expect.stringMatching(reason) as string,
    });
  });
});
