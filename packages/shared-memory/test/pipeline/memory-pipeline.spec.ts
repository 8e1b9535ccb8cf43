import type {
  CallHandler,
  CanActivate,
  ExceptionFilter,
  ExecutionContext,
  MventApplication,
  NestInterceptor,
  RpcRequest,
} from '@mvent/core';
import {
  Body,
  Catch,
  GatewayTimeoutException,
  Controller,
  Logger,
  Module,
  MventFactory,
  OnRequest,
  Param,
  Response,
  UseFilters,
  UseGuards,
  UseInterceptors,
} from '@mvent/core';
import type { EventEnvelope } from '@mvent/shared-memory';
import {
  MemoryEventBus,
  MemoryRpcClient,
  MemoryRpcNotListeningError,
  OnEvent,
  SharedMemoryModule,
} from '@mvent/shared-memory';
import type { TempDir } from '@mvent/testing';
import { createTempDir, waitFor } from '@mvent/testing';
import { map, tap } from 'rxjs';

/** What the enhancers saw, in order. */
const seen: string[] = [];

/** Lets through requests from this very user (the kernel's uid), and events with `allowed`. */
const SameUserGuard: CanActivate = {
  canActivate(context: ExecutionContext) {
    seen.push(`guard ${context.getType()}`);
    if (context.getType() === 'event') {
      return (
        context.switchToRpc().getData<{ allowed?: boolean }>().allowed === true
      );
    }
    const request = context.switchToRpc().getData<RpcRequest>();
    return request.peer?.uid === process.getuid!();
  },
};

const Tagged: NestInterceptor = {
  intercept(context: ExecutionContext, next: CallHandler) {
    return next.handle().pipe(
      tap(() => seen.push(`interceptor ${context.getHandler().name}`)),
      map(result =>
        context.getType() === 'memory' ? { tagged: result } : result,
      ),
    );
  },
};

@Catch(RangeError)
class RangeFilter implements ExceptionFilter {
  catch(error: RangeError) {
    seen.push(`filter ${error.message}`);
    return new Response({ range: error.message }, 422);
  }
}

@UseGuards(SameUserGuard)
@UseInterceptors(Tagged)
@UseFilters(RangeFilter)
@Controller('/m')
class MemoryController {
  readonly events: string[] = [];

  @OnRequest('/echo/{n}')
  echo(@Param('n') n: string, @Body('text') text: string) {
    return { n, text };
  }

  @UseGuards({ canActivate: () => false })
  @OnRequest('/closed')
  closed() {
    return 'never';
  }

  @OnRequest('/range')
  range() {
    throw new RangeError('out of range');
  }

  @OnRequest('/slow', { timeout: 50 })
  async slow() {
    await new Promise(resolve => setTimeout(resolve, 300));
    return 'late';
  }

  @OnEvent('job.*')
  first(value: { id: number }, envelope: EventEnvelope) {
    this.events.push(`first ${value.id} ${envelope.event}`);
  }

  @OnEvent('job.*')
  second(value: { id: number }) {
    this.events.push(`second ${value.id}`);
  }

  @OnEvent('job.slow', { timeout: 50 })
  async slowly(value: { id: number }) {
    await new Promise(resolve => setTimeout(resolve, 300));
    this.events.push(`slow ${value.id} finished late`);
  }

  @OnEvent('job.failed')
  failing() {
    throw new RangeError('event failed');
  }
}

describe('the pipeline over memory RPC and @OnEvent', () => {
  let dir: TempDir;
  let app: MventApplication;
  let client: MemoryRpcClient;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    dir = await createTempDir('mvent-memory-pipeline-');
    @Module({
      imports: [
        SharedMemoryModule.forRoot({
          name: 'pipeline',
          dir: dir.path,
          rpc: true,
        }),
      ],
      controllers: [MemoryController],
    })
    class AppModule {}
    app = await MventFactory.create(AppModule);
    await app.init();
    client = app.get(MemoryRpcClient);
  });
  afterAll(async () => {
    await app.close();
    await dir.remove();
  });
  beforeEach(() => seen.splice(0));

  it('says so when a route of this process is called before listen()', async () => {
    await expect(client.send('/m/echo/1')).rejects.toThrow(
      MemoryRpcNotListeningError,
    );
    await expect(client.send('/m/echo/1')).rejects.toThrow(
      /call app\.listen\(\)/,
    );
    await app.listen();
  });

  it('runs the guard (on the kernel’s uid), the interceptor and pipes on a memory route', async () => {
    const response = await client.send('/m/echo/7', {
      method: 'POST',
      body: { text: 'hi' },
    });
    expect(response).toMatchObject({
      statusCode: 200,
      body: { tagged: { n: '7', text: 'hi' } },
    });
    expect(seen).toEqual(['guard memory', 'interceptor echo']);
  });

  it('answers 403 when a guard refuses', async () => {
    expect(await client.send('/m/closed')).toMatchObject({
      statusCode: 403,
      body: { statusCode: 403, message: 'Forbidden resource' },
    });
  });

  it('answers a filter’s response, and 504 after the timeout', async () => {
    expect(await client.send('/m/range')).toMatchObject({
      statusCode: 422,
      body: { range: 'out of range' },
    });
    expect(await client.send('/m/slow')).toMatchObject({
      statusCode: 504,
      body: { message: 'MemoryController.slow did not finish within 50 ms' },
    });
  });

  it('runs interceptors on every handler of one event, and skips and counts what a guard refuses', async () => {
    const bus = app.get(MemoryEventBus);
    const controller = app.get(MemoryController);
    bus.emit('job.done', { id: 1, allowed: true });
    bus.emit('job.done', { id: 2 });
    bus.emit('job.done', { id: 3, allowed: true });
    await waitFor(() => controller.events.length === 4);
    await waitFor(
      () => bus.getHandlerStats()['MemoryController.second']?.refused === 1,
    );
    expect(controller.events).toEqual([
      'first 1 job.done',
      'second 1',
      'first 3 job.done',
      'second 3',
    ]);
    expect(seen.filter(s => s.startsWith('interceptor'))).toEqual([
      'interceptor first',
      'interceptor second',
      'interceptor first',
      'interceptor second',
    ]);
    expect(bus.getHandlerStats()['MemoryController.first']).toMatchObject({
      refused: 1,
      errors: 0,
    });
  });

  it('lets a filter see an event handler’s error', async () => {
    const bus = app.get(MemoryEventBus);
    bus.emit('job.failed', { id: 4, allowed: true });
    await waitFor(() => seen.includes('filter event failed'));
    await waitFor(
      () => bus.getHandlerStats()['MemoryController.failing']?.calls === 1,
    );
    expect(bus.getHandlerStats()['MemoryController.failing']?.errors).toBe(0);
  });

  it('reports an event handler past its timeout as failed (504) and moves on', async () => {
    const bus = app.get(MemoryEventBus);
    const errors: unknown[] = [];
    bus.onError(error => errors.push(error));
    bus.emit('job.slow', { id: 5, allowed: true });
    bus.emit('job.slow', { id: 6, allowed: true });
    await waitFor(() => errors.length === 2, { timeout: 2000 });
    expect(errors).toEqual([
      expect.objectContaining({
        message: 'MemoryController.slowly did not finish within 50 ms',
      }),
      expect.objectContaining({
        message: 'MemoryController.slowly did not finish within 50 ms',
      }),
    ]);
    expect((errors[0] as GatewayTimeoutException).getStatus()).toBe(504);
    expect(bus.getHandlerStats()['MemoryController.slowly']).toMatchObject({
      calls: 2,
      errors: 2,
    });
  });
});
