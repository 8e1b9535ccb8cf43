import type {
  ArgumentMetadata,
  CallHandler,
  CanActivate,
  ExceptionFilter,
  ExecutionContext,
  NestInterceptor,
  PipeTransform,
} from '@mvent/core';
import {
  APP_FILTER,
  APP_GUARD,
  APP_INTERCEPTOR,
  APP_PIPE,
  Body,
  Catch,
  Controller,
  DiscoveryModule,
  Injectable,
  Module,
  OnRequest,
  Response,
  UseFilters,
  UseGuards,
  UseInterceptors,
  UsePipes,
} from '@mvent/core';
import { tap } from 'rxjs';
import { serveRoutes } from './pipeline-fixture';

/** Every enhancer writes here, so the test can compare the order with Nest's. */
@Injectable()
class Journal {
  readonly entries: string[] = [];
}

const guard = (name: string) =>
  class implements CanActivate {
    constructor(readonly journal: Journal) {}
    canActivate() {
      this.journal.entries.push(`guard ${name}`);
      return true;
    }
  };
const interceptor = (name: string) =>
  class implements NestInterceptor {
    constructor(readonly journal: Journal) {}
    intercept(_context: ExecutionContext, next: CallHandler) {
      this.journal.entries.push(`before ${name}`);
      return next
        .handle()
        .pipe(tap(() => this.journal.entries.push(`after ${name}`)));
    }
  };
const pipe = (name: string) =>
  class implements PipeTransform {
    constructor(readonly journal: Journal) {}
    transform(value: unknown, { type }: ArgumentMetadata) {
      this.journal.entries.push(`pipe ${name} (${type})`);
      return value;
    }
  };
const filter = (name: string) => {
  class CatchEverything implements ExceptionFilter {
    constructor(readonly journal: Journal) {}
    catch() {
      this.journal.entries.push(`filter ${name}`);
      return new Response(`handled by ${name}`, 418);
    }
  }
  Catch()(CatchEverything);
  return CatchEverything;
};

// Each class gets @Injectable() so that TypeScript emits its constructor's types.
const decorate = <T extends abstract new (...args: never[]) => unknown>(
  made: T,
) => {
  Reflect.defineMetadata('design:paramtypes', [Journal], made);
  return made;
};
const [GlobalGuard, AppGuard, ClassGuard, MethodGuard] = [
  'global',
  'APP_GUARD',
  'controller',
  'method',
].map(name => decorate(guard(name)));
const [GlobalInterceptor, AppInterceptor, ClassInterceptor, MethodInterceptor] =
  ['global', 'APP_INTERCEPTOR', 'controller', 'method'].map(name =>
    decorate(interceptor(name)),
  );
const [GlobalPipe, AppPipe, ClassPipe, MethodPipe, ParamPipe] = [
  'global',
  'APP_PIPE',
  'controller',
  'method',
  'parameter',
].map(name => decorate(pipe(name)));
const [GlobalFilter, AppFilter, ClassFilter, MethodFilter] = [
  'global',
  'APP_FILTER',
  'controller',
  'method',
].map(name => decorate(filter(name)));

@UseGuards(ClassGuard)
@UseInterceptors(ClassInterceptor)
@UsePipes(ClassPipe)
@UseFilters(ClassFilter)
@Controller()
class OrderController {
  constructor(private readonly journal: Journal) {}

  @UseGuards(MethodGuard)
  @UseInterceptors(MethodInterceptor)
  @UsePipes(MethodPipe)
  @OnRequest('/ordered')
  ordered(@Body('x', ParamPipe) x: number) {
    this.journal.entries.push('handler');
    return { x };
  }

  @UseFilters(MethodFilter)
  @OnRequest('/failing')
  failing() {
    throw new Error('boom');
  }
}

@Module({
  imports: [DiscoveryModule],
  controllers: [OrderController],
  providers: [
    Journal,
    { provide: APP_GUARD, useClass: AppGuard },
    { provide: APP_INTERCEPTOR, useClass: AppInterceptor },
    { provide: APP_PIPE, useClass: AppPipe },
    { provide: APP_FILTER, useClass: AppFilter },
  ],
})
class OrderModule {}

describe('the order of the pipeline', () => {
  it("runs guards, interceptors, pipes, the handler and interceptors unwinding in Nest's order", async () => {
    const { app, call } = await serveRoutes(OrderModule, application =>
      application
        .useGlobalGuards(GlobalGuard)
        .useGlobalInterceptors(GlobalInterceptor)
        .useGlobalPipes(GlobalPipe)
        .useGlobalFilters(GlobalFilter),
    );
    const journal = app.get(Journal);

    await expect(call('/ordered', { body: { x: 1 } })).resolves.toEqual({
      x: 1,
    });

    // Nest's request lifecycle: global (app.useGlobal*, then APP_* providers), controller, method.
    expect(journal.entries).toEqual([
      'guard global',
      'guard APP_GUARD',
      'guard controller',
      'guard method',
      'before global',
      'before APP_INTERCEPTOR',
      'before controller',
      'before method',
      'pipe global (body)',
      'pipe APP_PIPE (body)',
      'pipe controller (body)',
      'pipe method (body)',
      'pipe parameter (body)',
      'handler',
      'after method',
      'after controller',
      'after APP_INTERCEPTOR',
      'after global',
    ]);
    await app.close();
  });

  it('tries the filters of the method, then the controller, then the global ones', async () => {
    const { app, call } = await serveRoutes(OrderModule, application =>
      application.useGlobalFilters(GlobalFilter),
    );
    const journal = app.get(Journal);
    const outcome = (await call('/failing')) as Response;
    expect(outcome).toBeInstanceOf(Response);
    expect(outcome.body).toBe('handled by method');
    expect(journal.entries.filter(e => e.startsWith('filter'))).toEqual([
      'filter method',
    ]);
    await app.close();
  });

  it('refuses global enhancers once the handlers are bound', async () => {
    const { app } = await serveRoutes(OrderModule);
    expect(() => app.useGlobalGuards(GlobalGuard)).toThrow(
      /useGlobalGuards\(\) was called after init\(\) or listen\(\)/,
    );
    await app.close();
  });

  it('refuses a global enhancer that is not one', async () => {
    const { app } = await serveRoutes(OrderModule, application =>
      expect(() =>
        application.useGlobalInterceptors(undefined as never),
      ).toThrow(/useGlobalInterceptors\(\) argument 0 is undefined/),
    );
    await app.close();
  });
});
