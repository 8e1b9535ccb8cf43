import { IsInt } from 'class-validator';
import {
  Body,
  Controller,
  OnRequest,
  Query,
  Req,
  Response,
  RpcRequest,
} from '@mvent/core';
import {
  createTestRequest,
  generateSchema,
  InvalidSyftUrlError,
  isSyftStatus,
  SyftBoxURL,
  SyftStatus,
} from '@mvent/syft-events';

/** The wire document's list (§5): Python 3.11's HTTPStatus values, 419 and 499. */
const DOCUMENTED = [
  100,
  101,
  102,
  103,
  200,
  201,
  202,
  203,
  204,
  205,
  206,
  207,
  208,
  226,
  300,
  301,
  302,
  303,
  304,
  305,
  307,
  308,
  ...Array.from({ length: 19 }, (_, i) => 400 + i),
  419,
  421,
  422,
  423,
  424,
  425,
  426,
  428,
  429,
  431,
  451,
  499,
  500,
  501,
  502,
  503,
  504,
  505,
  506,
  507,
  508,
  510,
  511,
];

describe('the Python names', () => {
  it('SyftStatus has Python’s members, the README’s SYFT_<code>_<NAME> form, and only valid codes', () => {
    expect(SyftStatus.SYFT_201_CREATED).toBe(201);
    expect(SyftStatus.CREATED).toBe(201);
    expect(SyftStatus.SYFT_200_OK).toBe(200);
    expect(SyftStatus.SYFT_419_EXPIRED).toBe(419);
    expect(SyftStatus.SYFT_499_CLIENT_CLOSED_REQUEST).toBe(499);
    expect(SyftStatus.SYFT_500_SERVER_ERROR).toBe(500);
    expect(SyftStatus.REQUEST_ENTITY_TOO_LARGE).toBe(413); // Python 3.11's name
    expect(
      [...new Set(Object.values(SyftStatus))].sort((a, b) => a - b),
    ).toEqual(DOCUMENTED);
    expect(isSyftStatus(299)).toBe(false);
    expect(Object.isFrozen(SyftStatus)).toBe(true);
  });

  it('new SyftBoxURL(string) parses as Python’s constructor, and refuses what is not a URL', () => {
    const url = new SyftBoxURL(
      'syft://alice@example.com/app_data/demo/rpc/add?x=1',
    );
    expect([url.host, url.path, url.query]).toEqual([
      'alice@example.com',
      '/app_data/demo/rpc/add',
      { x: '1' },
    ]);
    expect(url.toString()).toBe(
      'syft://alice@example.com/app_data/demo/rpc/add?x=1',
    );
    expect(() => new SyftBoxURL(undefined as never)).toThrow(
      InvalidSyftUrlError,
    );
    expect(() => new SyftBoxURL('syft://syft://alice@example.com')).toThrow(
      /does not match syft:\/\/<email>/,
    );
  });
});

describe('generateSchema and createTestRequest', () => {
  class UsersQuery {
    @IsInt()
    limit!: number;
  }

  @Controller()
  class UsersController {
    @OnRequest('/users', { description: 'Retrieve a list of users.' })
    getUsers(@Query('limit') limit: string, @Body() query: UsersQuery) {
      return { limit, query };
    }

    @OnRequest('/echo')
    echo(@Req() request: RpcRequest) {
      return new Response(request.body);
    }

    @OnRequest('/plain')
    plain(): number {
      return 1;
    }
  }

  it("gives one route's schema, as the server publishes it", () => {
    expect(generateSchema(UsersController, 'getUsers')).toMatchObject({
      description: 'Retrieve a list of users.',
      args: {
        limit: { type: 'str', required: false },
        // Named by the parameter, as Python's schema names its arguments.
        query: { type: { type: 'model', name: 'UsersQuery' }, required: true },
      },
      returns: 'any', // no return type annotation, as Python's example
    });
    expect(generateSchema(UsersController, 'plain')).toEqual({
      description: null,
      args: {},
      returns: 'float',
    });
    expect(() => generateSchema(UsersController, 'missing')).toThrow(
      /UsersController.missing is not a method/,
    );
  });

  it('builds a request from a URL or a path, for a unit test of a handler', () => {
    const request = createTestRequest(
      new SyftBoxURL('syft://test@example.com/app_data/test/rpc/echo?x=1'),
      { id: 'test-123', method: 'post', body: 'Hello, World!' },
    );
    expect(request).toMatchObject({
      id: 'test-123',
      sender: 'test@example.com',
      method: 'POST',
      path: '/echo',
      query: { x: '1' },
      url: 'syft://test@example.com/app_data/test/rpc/echo?x=1',
    });
    const response = new UsersController().echo(request);
    expect(response.body).toEqual(Buffer.from('Hello, World!'));
    const json = createTestRequest('/data/42', {
      body: { a: 1 },
      params: { id: '42' },
      headers: { Authorization: 'Bearer x' },
    });
    expect(json.json()).toEqual({ a: 1 });
    expect(json.params).toEqual({ id: '42' });
    expect(json.header('authorization')).toBe('Bearer x');
    expect(json.url).toBe('syft://test@example.com/app_data/test/rpc/data/42');
    expect(createTestRequest('/x').body).toBeNull();
    expect(() =>
      createTestRequest('syft://test@example.com/public/file'),
    ).toThrow(InvalidSyftUrlError);
  });
});
