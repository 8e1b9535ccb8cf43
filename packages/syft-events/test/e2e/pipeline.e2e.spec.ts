import { join } from 'node:path';
import type {
  CanActivate,
  ExecutionContext,
  MventApplication,
  RpcRequest,
} from '@mvent/core';
import {
  APP_GUARD,
  Catch,
  Controller,
  Logger,
  Module,
  MventFactory,
  NotFoundException,
  OnRequest,
  Response,
  UseFilters,
  UseGuards,
  ThrottlerGuard,
  ThrottlerModule,
} from '@mvent/core';
import type { FileEvent } from '@mvent/syft-events';
import { SyftEventsModule, SyftRpcClient, Watch } from '@mvent/syft-events';
import { waitFor } from '@mvent/testing';
import type { TempSyftBox } from '../support/syftbox';
import { createSyftBox, place } from '../support/syftbox';

const types: string[] = [];

/** Bearer-token authentication, the seed's `auth_required`, as a guard for every transport. */
const BearerGuard: CanActivate = {
  canActivate(context: ExecutionContext) {
    types.push(context.getType());
    if (context.getType() === 'watch') {
      return !context
        .switchToRpc()
        .getData<FileEvent>()
        .path.includes('secret');
    }
    const request = context.switchToRpc().getData<RpcRequest>();
    return request.header('Authorization') === 'Bearer t0ken';
  },
};

@Catch(NotFoundException)
class GoneFilter {
  catch() {
    return new Response('gone for good', 410);
  }
}

@UseGuards(BearerGuard)
@Controller()
class GuardedController {
  readonly files: string[] = [];

  @OnRequest('/hello')
  hello() {
    return { hello: 'world' };
  }

  @UseFilters(GoneFilter)
  @OnRequest('/old')
  old() {
    throw new NotFoundException();
  }

  @OnRequest('/slow', { timeout: 100 })
  async slow() {
    await new Promise(resolve => setTimeout(resolve, 600));
    return 'late';
  }

  @Watch('{datasite}/inbox/*.txt', { events: ['add'] })
  inbox(event: FileEvent) {
    this.files.push(event.path);
  }
}

describe('the pipeline over SyftBox files', () => {
  let box: TempSyftBox;
  let app: MventApplication;
  let client: SyftRpcClient;
  const url = (path: string) =>
    `syft://alice@example.com/app_data/guarded/rpc${path}`;
  const authorised = { headers: { Authorization: 'Bearer t0ken' } };

  beforeAll(async () => {
    Logger.overrideLogger(false);
    box = await createSyftBox();
    @Module({
      imports: [
        SyftEventsModule.forRoot({ appName: 'guarded', config: box.config }),
        ThrottlerModule.forRoot([{ ttl: 60_000, limit: 6 }]),
      ],
      controllers: [GuardedController],
      providers: [{ provide: APP_GUARD, useClass: ThrottlerGuard }],
    })
    class AppModule {}
    app = await MventFactory.create(AppModule);
    await app.listen();
    client = app.get(SyftRpcClient);
  });
  afterAll(async () => {
    await app.close();
    await box.remove();
  });

  it('answers 403 without the token and 200 with it, the guard seeing a syft context', async () => {
    expect((await client.send(url('/hello'))).statusCode).toBe(403);
    const response = await client.send(url('/hello'), authorised);
    expect(response.statusCode).toBe(200);
    expect(response.json()).toEqual({ hello: 'world' });
    expect(types).toContain('syft');
  });

  it('writes a filter’s response, and 504 when the handler outlives its timeout', async () => {
    const old = await client.send(url('/old'), authorised);
    expect([old.statusCode, old.text()]).toEqual([410, 'gone for good']);
    const slow = await client.send(url('/slow'), authorised);
    expect(slow.statusCode).toBe(504);
    expect(slow.json()).toMatchObject({
      message: 'GuardedController.slow did not finish within 100 ms',
    });
  });

  it('runs the guard before @Watch handlers, which it may skip', async () => {
    const inbox = join(box.config.datasites, 'alice@example.com', 'inbox');
    await place(join(inbox, 'secret.txt'), 'hidden');
    await place(join(inbox, 'public.txt'), 'shown');
    // The guard judged both files (it runs before the handler), and only one reached it.
    await waitFor(() => types.filter(type => type === 'watch').length >= 2);
    await waitFor(() => app.get(GuardedController).files.length > 0);
    expect(app.get(GuardedController).files).toEqual([
      join(inbox, 'public.txt'),
    ]);
    expect(types).toContain('watch');
  });

  it('refuses a sender over the throttler’s limit with 429', async () => {
    const statuses: number[] = [];
    for (let i = 0; i < 5; i++) {
      statuses.push((await client.send(url('/hello'), authorised)).statusCode);
    }
    // 6 per minute for this sender on /hello: 2 were used by the first test.
    expect(statuses).toEqual([200, 200, 200, 200, 429]);
  });
});
