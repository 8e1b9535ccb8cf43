import type { MventApplication } from '@mvent/core';
import {
  Controller,
  Logger,
  Module,
  MventFactory,
  OnRequest,
  Req,
  RpcRequest,
} from '@mvent/core';
import { MemoryRpcClient } from '@mvent/shared-memory';
import { SyftEvents, SyftRpcClient } from '@mvent/syft-events';
import { bothTransports } from '../support/both-transports';
import type { TempSyftBox } from '../support/syftbox';
import { createSyftBox } from '../support/syftbox';

/** Each route says which it is and the path it was asked for. */
@Controller()
class ApiController {
  @OnRequest('/api/**')
  anyApi(@Req() request: RpcRequest) {
    return { route: '/api/**', path: request.path };
  }

  @OnRequest('/api/{version}')
  version(@Req() request: RpcRequest) {
    return { route: '/api/{version}', path: request.path };
  }

  @OnRequest('/api/v1/users')
  users(@Req() request: RpcRequest) {
    return { route: '/api/v1/users', path: request.path };
  }

  @OnRequest('/files/*/meta')
  meta(@Req() request: RpcRequest) {
    return { route: '/files/*/meta', path: request.path };
  }

  @OnRequest('/echo')
  echo(@Req() request: RpcRequest) {
    return { route: '/echo', path: request.path };
  }
}

const ASKED = [
  ['/api/v1/users', '/api/v1/users'],
  ['/api/v2', '/api/{version}'],
  ['/api/v2/things/7', '/api/**'],
  ['/api', '/api/**'],
  ['/files/report.pdf/meta', '/files/*/meta'],
];

describe('wildcard routes on both RPC transports', () => {
  it('serves * and ** routes, the most specific winning, over SyftBox and memory RPC', async () => {
    Logger.overrideLogger(false);
    const transports = await bothTransports();
    @Module({ imports: transports.imports, controllers: [ApiController] })
    class WildcardModule {}
    const app: MventApplication = await MventFactory.create(WildcardModule);
    await app.listen();
    try {
      const syft = app.get(SyftRpcClient);
      const memory = app.get(MemoryRpcClient);
      for (const [path, route] of ASKED) {
        const overSyft = await syft.send(
          `syft://alice@example.com/app_data/parity/rpc${path}`,
          { timeout: 10_000 },
        );
        const overMemory = await memory.send(path);
        expect([path, overSyft.json()]).toEqual([path, { route, path }]);
        expect([path, overMemory.body]).toEqual([path, { route, path }]);
      }
      const nested = await syft.send(
        'syft://alice@example.com/app_data/parity/rpc/echo/sub/deeper',
        { timeout: 10_000 },
      );
      expect(nested.statusCode).toBe(404);
      expect(nested.text()).toMatch(
        /No endpoint \/echo\/sub\/deeper .*under \/echo; nestedRequests: 'parent'/,
      );
      expect((await memory.send('/echo/sub/deeper')).statusCode).toBe(404);
    } finally {
      await app.close();
      await transports.remove();
    }
  }, 60_000);
});

describe("nestedRequests: 'parent'", () => {
  let box: TempSyftBox;
  let server: SyftEvents;

  beforeEach(async () => {
    box = await createSyftBox();
    server = new SyftEvents('nested', {
      config: box.config,
      nestedRequests: 'parent',
      logger: { log() {}, error() {}, warn() {} },
    });
    server.onRequest('/echo', request => ({ path: request.path }));
    server.onRequest('/echo/exact', () => ({ exact: true }));
    await server.start();
  });

  afterEach(async () => {
    await server.stop();
    await box.remove();
  });

  it('answers a request below an endpoint with that endpoint, as Python syft-event does', async () => {
    const client = new SyftRpcClient({
      config: { ...box.config, email: 'bob@example.com' },
    });
    try {
      const url = 'syft://alice@example.com/app_data/nested/rpc';
      const deeper = await client.send(`${url}/echo/sub/deeper`);
      expect(deeper.statusCode).toBe(200);
      expect(deeper.json()).toEqual({ path: '/echo/sub/deeper' });
      // A route of its own still wins over the endpoint above.
      expect((await client.send(`${url}/echo/exact`)).json()).toEqual({
        exact: true,
      });
      // With no endpoint above, it is still a 404.
      expect((await client.send(`${url}/nowhere/sub`)).statusCode).toBe(404);
    } finally {
      client.close();
    }
  }, 60_000);
});
