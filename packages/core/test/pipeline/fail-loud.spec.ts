import type { LoggerService } from '@mvent/core';
import {
  Body,
  ConsoleLogger,
  Controller,
  DEFAULT_HANDLER_TIMEOUT_MS,
  DiscoveryModule,
  GatewayTimeoutException,
  Injectable,
  InvalidModuleError,
  InvalidRouteError,
  Logger,
  Module,
  MventFactory,
  OnEvent,
  OnRequest,
  Param,
  ServerRegistry,
  UndeterminedDependencyTypeError,
  forwardRef,
  Inject,
  withTimeout,
} from '@mvent/core';
import { waitFor } from '@mvent/testing';
import { CatsModule } from '../fixtures/04-cycle/cats.module';
import { CatsService } from '../fixtures/04-cycle/cats.service';
import { DogsService } from '../fixtures/04-cycle/dogs.service';
import { rejection, serveRoutes } from './pipeline-fixture';

/** Keeps what the application logs, to check its warnings. */
class Captured implements LoggerService {
  readonly warnings: string[] = [];
  log() {}
  error() {}
  debug() {}
  verbose() {}
  warn(message: unknown) {
    this.warnings.push(String(message));
  }
}

describe('mistakes that fail loudly', () => {
  let logs: Captured;
  beforeEach(() => {
    logs = new Captured();
    Logger.overrideLogger(logs);
  });
  afterAll(() => Logger.overrideLogger(new ConsoleLogger()));

  it('refuses a @Param() that the route path does not have', async () => {
    @Controller('/data')
    class Typo {
      @OnRequest('/{id}')
      read(@Param('idd') id: string) {
        return id;
      }
    }
    @Module({ imports: [DiscoveryModule], controllers: [Typo] })
    class TypoModule {}
    const error = await rejection(serveRoutes(TypoModule));
    expect(error).toBeInstanceOf(InvalidRouteError);
    expect((error as Error).message).toBe(
      "Typo.read reads @Param('idd'), but the route /data/{id} has no {idd}: its parameters are {id}. Fix the name, or add {idd} to the path.",
    );
  });

  it('refuses a class in `controllers` without @Controller()', async () => {
    @Injectable()
    class NotAController {}
    @Module({ controllers: [NotAController] })
    class WrongModule {}
    const error = await rejection(
      MventFactory.create(WrongModule, { logger: false }),
    );
    expect(error).toBeInstanceOf(InvalidModuleError);
    expect((error as Error).message).toMatch(
      /WrongModule lists NotAController in `controllers`, but NotAController has no @Controller\(\) decorator/,
    );
  });

  it('warns when init() bound handlers that listen() never starts', async () => {
    @Module({})
    class ServerModule {}
    const app = await MventFactory.create(ServerModule);
    app.get(ServerRegistry).register({
      transportId: 'test',
      listen: () => Promise.resolve(),
      close: () => Promise.resolve(),
      hasWork: () => true,
    });
    // A module imported for its client only: nothing to serve, nothing to say.
    app.get(ServerRegistry).register({
      transportId: 'client-only',
      listen: () => Promise.resolve(),
      close: () => Promise.resolve(),
      hasWork: () => false,
    });
    await app.init();
    await waitFor(() => logs.warnings.length > 0, { timeout: 8000 });
    expect(logs.warnings).toEqual([
      'init() bound the handlers of test, but listen() was not called 5 s later, so nothing serves them: call app.listen().',
    ]);
    await app.close();
  }, 10_000);

  it('warns about handlers that no module lists and handlers that no transport serves', async () => {
    @Controller()
    class Forgotten {
      @OnEvent('order.*')
      onOrder() {}
    }
    @Controller()
    class Unserved {
      @OnEvent('order.created')
      onCreated() {}
    }
    @Module({ controllers: [Unserved] })
    class NoTransportModule {}
    const app = await MventFactory.create(NoTransportModule);
    await app.init();
    await waitFor(() => logs.warnings.length >= 2, { timeout: 8000 });
    const file = __filename;
    expect(logs.warnings).toEqual([
      `Forgotten (declared in ${file}) has handlers (onOrder @OnEvent('order.*')) but no module lists it in \`controllers\` or \`providers\`, so they never run: add it to a module (or, if this process runs only some of the handler classes it loads on purpose, pass { unlistedHandlers: 'ignore' } to MventFactory.create).`,
      `Unserved.onCreated @OnEvent('order.created') (declared in ${file}) is served by no transport, so it never runs: import SharedMemoryModule (one machine) or MventEventsModule (NATS, Redis).`,
    ]);
    expect(new Forgotten()).toBeDefined();
    await app.close();
  }, 10_000);

  it('warns once about a DTO without class-validator decorators', async () => {
    class Unchecked {
      name!: string;
    }
    @Controller()
    class Loose {
      @OnRequest('/loose')
      loose(@Body() body: Unchecked) {
        return body;
      }
    }
    @Module({ imports: [DiscoveryModule], controllers: [Loose] })
    class LooseModule {}
    const { app } = await serveRoutes(LooseModule, undefined, {
      logger: logs,
    });
    expect(logs.warnings).toEqual([
      expect.stringMatching(
        /^Unchecked \(an argument of Loose\.loose\) has no class-validator decorators/,
      ),
    ]);
    await app.close();
  });
});

describe('forwardRef', () => {
  it('resolves @Inject(forwardRef()) and module imports across a circular file import', async () => {
    const app = await MventFactory.create(CatsModule, { logger: false });
    const dogs = app.get(DogsService);
    expect(dogs.cats).toBe(app.get(CatsService));
    expect(CatsService.friend()).toBe(DogsService);
    await app.close();
  });

  it('says what to do when a forwardRef still points at nothing', async () => {
    @Injectable()
    class Early {
      constructor(
        @Inject(forwardRef(() => undefined as never)) readonly later: unknown,
      ) {}
    }
    @Module({ providers: [Early] })
    class EarlyModule {}
    const error = await rejection(
      MventFactory.create(EarlyModule, { logger: false }),
    );
    expect(error).toBeInstanceOf(UndeterminedDependencyTypeError);
    expect((error as Error).message).toMatch(
      /@Inject\(forwardRef\(\(\) => X\)\), or move one class to a third file/,
    );
  });
});

describe('the default handler timeout', () => {
  afterEach(() => jest.useRealTimers());

  it('answers 504 for a Promise still pending after 30 s, and none with 0', async () => {
    jest.useFakeTimers();
    expect(DEFAULT_HANDLER_TIMEOUT_MS).toBe(30_000);
    const pending = withTimeout(
      () => new Promise(() => undefined),
      undefined,
      'Hung.handler',
    ) as Promise<unknown>;
    const outcome = pending.catch((error: unknown) => error);
    jest.advanceTimersByTime(29_999);
    await Promise.resolve();
    jest.advanceTimersByTime(1);
    const error = (await outcome) as GatewayTimeoutException;
    expect(error).toBeInstanceOf(GatewayTimeoutException);
    expect(error.message).toBe('Hung.handler did not finish within 30000 ms');
    const unlimited = withTimeout(() => new Promise(() => undefined), 0, 'x');
    expect(jest.getTimerCount()).toBe(0);
    expect(unlimited).toBeInstanceOf(Promise);
  });
});
