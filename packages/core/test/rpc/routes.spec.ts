import { IsInt } from 'class-validator';
import {
  BadRequestException,
  Body,
  createRouteInvoker,
  Headers,
  INTERNAL_ERROR_BODY,
  InvalidRouteError,
  NotFoundException,
  OnRequest,
  outcomeOfError,
  outcomeOfResult,
  Param,
  Query,
  Req,
  Response,
  RoutePath,
  RouteTable,
  RpcRequest,
  Sender,
} from '@mvent/core';

class AddDto {
  @IsInt()
  a!: number;

  @IsInt()
  b!: number;
}

class MathRoutes {
  @OnRequest('/add')
  add(@Body() { a, b }: AddDto, @Sender() sender: string) {
    return { total: a + b, sender };
  }

  @OnRequest('/data/{id}')
  read(
    @Param('id') id: string,
    @Query('x') x: string,
    @Headers('content-type') type: string,
    @Req() request: RpcRequest,
  ) {
    return { id, x, type, path: request.path };
  }

  raw(@Body() bytes: Buffer, @Body() text: string, @Body('a') a: number) {
    return { bytes: bytes.length, text, a };
  }

  undecorated(value: string) {
    return value;
  }
}

function request(body: string | null, extra: Partial<RpcRequest> = {}) {
  return new RpcRequest({
    id: '1',
    sender: 'bob@example.com',
    url: 'syft://alice@example.com/app_data/demo/rpc/add',
    method: 'POST',
    path: '/add',
    body: body === null ? null : Buffer.from(body),
    ...extra,
  });
}

describe('RoutePath', () => {
  it('parses literals and parameters and matches whole segments', () => {
    const path = RoutePath.join('/v1/', 'data/{id}/');
    expect(path.toString()).toBe('/v1/data/{id}');
    expect(path.paramNames).toEqual(['id']);
    expect(path.literalPrefix).toEqual(['v1', 'data']);
    expect(path.match(['v1', 'data', '42'])).toEqual({ id: '42' });
    expect(path.match(['v1', 'data', '..'])).toBeUndefined();
    expect(path.match(['v1', 'data'])).toBeUndefined();
  });

  it.each([
    '',
    '/',
    '/a?',
    '/a/**/b',
    '/a/*x',
    '/../x',
    '/a/./b',
    '/a b',
    '/{id}/{id}',
  ])('rejects %j', path =>
    expect(() => RoutePath.parse(path)).toThrow(TypeError),
  );

  it('validates the path when @OnRequest is applied', () => {
    expect(() => OnRequest('/files/**/x')).toThrow(
      /"\*\*" may only be the last/,
    );
  });

  it('matches * as one segment and a final ** as any number of segments', () => {
    const one = RoutePath.parse('/files/*/meta');
    expect(one.toString()).toBe('/files/*/meta');
    expect(one.literalPrefix).toEqual(['files']);
    expect(one.match(['files', 'a.txt', 'meta'])).toEqual({});
    expect(one.match(['files', 'meta'])).toBeUndefined();
    expect(one.match(['files', '..', 'meta'])).toBeUndefined();
    const rest = RoutePath.parse('/api/**');
    expect(rest.match(['api'])).toEqual({});
    expect(rest.match(['api', 'v1', 'users', '42'])).toEqual({});
    expect(rest.match(['ap', 'v1'])).toBeUndefined();
    expect(rest.match(['api', 'v1', '..'])).toBeUndefined();
  });
});

describe('RouteTable', () => {
  it('prefers literal segments and never serves a sub-path with its parent', () => {
    const table = new RouteTable<string>();
    table.add(RoutePath.parse('/data/{id}'), 'any');
    table.add(RoutePath.parse('/data/latest'), 'latest');
    table.add(RoutePath.parse('/echo'), 'echo');
    expect(table.match(['data', 'latest'])?.handler).toBe('latest');
    expect(table.match(['data', '7'])).toMatchObject({
      handler: 'any',
      params: { id: '7' },
    });
    expect(table.match(['echo', 'sub'])).toBeUndefined();
  });

  it('serves sub-paths with ** and lets the most specific route win', () => {
    const table = new RouteTable<string>();
    table.add(RoutePath.parse('/api/**'), 'api');
    table.add(RoutePath.parse('/api/{version}'), 'version');
    table.add(RoutePath.parse('/api/v1/users'), 'users');
    table.add(RoutePath.parse('/api/*/users/**'), 'any users');
    table.add(RoutePath.parse('/**'), 'everything');
    table.add(RoutePath.parse('/api/{version}/**'), 'under a version');
    expect(table.matchPath('/api/v1/users')?.handler).toBe('users');
    expect(table.matchPath('/api/v2/users/7')?.handler).toBe('any users');
    expect(table.matchPath('/api/v2')).toMatchObject({
      handler: 'version',
      params: { version: 'v2' },
    });
    expect(table.matchPath('/api/v2/things/7')?.handler).toBe(
      'under a version',
    );
    expect(table.matchPath('/api')?.handler).toBe('api');
    expect(table.matchPath('/other/x?y=1')?.handler).toBe('everything');
    expect(() => table.add(RoutePath.parse('/api/*'), 'again')).toThrow(
      InvalidRouteError,
    );
  });

  it('refuses a route served twice', () => {
    const table = new RouteTable<string>();
    table.add(RoutePath.parse('/a/{x}'), 'first', 'A.first');
    expect(() =>
      table.add(RoutePath.parse('/a/{y}'), 'second', 'B.second'),
    ).toThrow(InvalidRouteError);
  });
});

describe('createRouteInvoker', () => {
  const routes = new MathRoutes();

  it('validates DTO bodies and resolves every decorator', async () => {
    const add = createRouteInvoker(routes, 'add');
    await expect(add(request('{"a":2,"b":40}'))).resolves.toEqual({
      total: 42,
      sender: 'bob@example.com',
    });
    const read = createRouteInvoker(routes, 'read');
    await expect(
      read(
        request(null, {
          path: '/data/7',
          params: { id: '7' },
          query: { x: '1' },
          headers: { 'Content-Type': 'text/plain' },
        }),
      ),
    ).resolves.toEqual({
      id: '7',
      x: '1',
      type: 'text/plain',
      path: '/data/7',
    });
  });

  it('answers 400 with the violations for an invalid body', async () => {
    const add = createRouteInvoker(routes, 'add');
    const failure = await add(request('{"a":"2"}')).catch((e: unknown) => e);
    expect(failure).toBeInstanceOf(BadRequestException);
    const body = (failure as BadRequestException).getResponse() as {
      violations: { property: string }[];
    };
    expect(body.violations.map(v => v.property).sort()).toEqual(['a', 'b']);
    await expect(add(request('{nope'))).rejects.toThrow(/not valid JSON/);
    await expect(add(request(null))).rejects.toMatchObject({
      violations: [
        { constraints: { isObject: 'payload must be a AddDto object' } },
      ],
    });
  });

  it('gives raw bytes, text and properties', async () => {
    const raw = createRouteInvoker(routes, 'raw');
    await expect(raw(request('{"a":5}'))).resolves.toEqual({
      bytes: 7,
      text: '{"a":5}',
      a: 5,
    });
    const invalidUtf8 = new RpcRequest({
      ...request(null),
      body: Buffer.from([0xff, 0xfe]),
    });
    await expect(
      createRouteInvoker(routes, 'raw')(invalidUtf8),
    ).rejects.toThrow(/UTF-8/);
  });

  it('refuses an undecorated parameter at once', () => {
    expect(() => createRouteInvoker(routes, 'undecorated')).toThrow(
      /Parameter #0 of MathRoutes.undecorated\(\) has no route decorator/,
    );
  });
});

describe('outcomes', () => {
  it('maps results, Response, HttpException and other errors', () => {
    expect(outcomeOfResult({ a: 1 })).toEqual({
      statusCode: 200,
      headers: {},
      body: { a: 1 },
    });
    expect(
      outcomeOfResult(new Response('x', 201, { Location: '/x/1' })),
    ).toEqual({
      statusCode: 201,
      headers: { Location: '/x/1' },
      body: 'x',
    });
    expect(
      outcomeOfError(new NotFoundException('gone'), 'f', false),
    ).toMatchObject({
      statusCode: 404,
      body: { message: 'gone' },
    });
    expect(outcomeOfError(new Error('boom'), 'f', false)).toEqual({
      statusCode: 500,
      headers: {},
      body: INTERNAL_ERROR_BODY,
    });
    const debug = outcomeOfError(new RangeError('boom'), 'Api.fail', true);
    expect(debug.headers).toEqual({ 'Content-Type': 'application/json' });
    expect(JSON.parse(debug.body as string)).toMatchObject({
      error_type: 'RangeError',
      error_message: 'boom',
      function_name: 'Api.fail',
    });
  });
});
