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
  BadRequestException,
  Body,
  Catch,
  Controller,
  createParamDecorator,
  DiscoveryModule,
  ForbiddenException,
  GatewayTimeoutException,
  GuardRefusedException,
  HttpException,
  Injectable,
  Module,
  NotFoundException,
  OnRequest,
  Param,
  Reflector,
  Response,
  RpcRequest,
  SetMetadata,
  UnauthorizedException,
  UnknownDependencyError,
  UseFilters,
  UseGuards,
  UseInterceptors,
  ValidationPipe,
} from '@mvent/core';
import { IsInt } from 'class-validator';
import { waitFor } from '@mvent/testing';
import { map, of } from 'rxjs';
import { rejection, serveRoutes } from './pipeline-fixture';

const ROLES = 'test:roles';
const Roles = (...roles: string[]) => SetMetadata(ROLES, roles);

/** Who holds which role: a provider the guard gets through DI. */
@Injectable()
class Directory {
  rolesOf(sender: string): string[] {
    return sender === 'admin@example.com' ? ['admin'] : [];
  }
}

/** Not a provider: created by the pipeline with its dependencies from the module. */
@Injectable()
class RolesGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly directory: Directory,
  ) {}

  canActivate(context: ExecutionContext): boolean {
    const wanted = this.reflector.getAllAndOverride<string[]>(ROLES, [
      context.getHandler(),
      context.getClass(),
    ]);
    const request = context.switchToRpc().getData<RpcRequest>();
    return (
      !wanted ||
      wanted.some(role => this.directory.rolesOf(request.sender).includes(role))
    );
  }
}

const TokenGuard: CanActivate = {
  canActivate(context) {
    const request = context.switchToRpc().getData<RpcRequest>();
    if (request.header('authorization') !== 'Bearer s3cret') {
      throw new UnauthorizedException('A bearer token is required');
    }
    return of(true);
  },
};

const Wrap: NestInterceptor = {
  intercept: (_context: ExecutionContext, next: CallHandler) =>
    next.handle().pipe(map(data => ({ data }))),
};

const Cached: NestInterceptor = {
  intercept: () => of('from the cache'),
};

@Injectable()
class ParseIntPipe implements PipeTransform {
  transform(value: unknown, { data }: ArgumentMetadata): number {
    const parsed = Number(value);
    if (!Number.isInteger(parsed)) {
      throw new BadRequestException(`${data} must be an integer`);
    }
    return parsed;
  }
}

const User = createParamDecorator((field: string | undefined, context) => {
  const sender = context.switchToRpc().getData<RpcRequest>().sender;
  return field === 'domain' ? sender.split('@')[1] : sender;
});

@Catch(NotFoundException)
class GoneFilter implements ExceptionFilter {
  catch(error: NotFoundException) {
    return new Response({ gone: error.message }, 410);
  }
}

@Catch(TypeError)
class TypeErrorFilter implements ExceptionFilter {
  catch() {
    return 'a type error, handled';
  }
}

class CountDto {
  @IsInt()
  count!: number;
}

class UncheckedDto {
  count!: number;
}

@UseGuards(RolesGuard)
@UseFilters(GoneFilter)
@Controller('/t')
class EnhancedController {
  late: string | undefined;

  @OnRequest('/open')
  open() {
    return 'open';
  }

  @Roles('admin')
  @OnRequest('/admin')
  admin() {
    return 'admin only';
  }

  @UseGuards(TokenGuard)
  @OnRequest('/token')
  token() {
    return 'token ok';
  }

  @UseInterceptors(Wrap)
  @OnRequest('/wrapped')
  wrapped() {
    return 42;
  }

  @UseInterceptors(Cached)
  @OnRequest('/cached')
  cached() {
    throw new Error('the interceptor answers, so the handler never runs');
  }

  @OnRequest('/items/{id}')
  item(@Param('id', ParseIntPipe) id: number, @User('domain') domain: string) {
    return { id, type: typeof id, domain };
  }

  @UseFilters(TypeErrorFilter)
  @OnRequest('/missing')
  missing() {
    throw new NotFoundException('no such item');
  }

  @UseFilters(TypeErrorFilter)
  @OnRequest('/type-error')
  typeError() {
    throw new TypeError('bad type');
  }

  @OnRequest('/unfiltered')
  unfiltered() {
    throw new ForbiddenException('nope');
  }

  @OnRequest('/slow', { timeout: 50 })
  async slow() {
    await new Promise(resolve => setTimeout(resolve, 400));
    this.late = 'finished late';
    return 'too late';
  }

  @OnRequest('/default-timeout')
  async defaultTimeout() {
    await new Promise(resolve => setTimeout(resolve, 400));
    return 'too late';
  }

  @OnRequest('/count')
  count(@Body() body: CountDto) {
    return { isDto: body instanceof CountDto, count: body.count };
  }

  @OnRequest('/unchecked')
  unchecked(@Body() body: UncheckedDto) {
    return body;
  }
}

@Module({
  imports: [DiscoveryModule],
  controllers: [EnhancedController],
  providers: [Directory],
})
class EnhancedModule {}

describe('guards, interceptors, pipes, filters and timeouts', () => {
  let served: Awaited<ReturnType<typeof serveRoutes>>;
  beforeAll(async () => {
    served = await serveRoutes(EnhancedModule, undefined, { timeout: 80 });
  });
  afterAll(() => served.app.close());

  it('creates a guard that is not a provider with DI in the controller’s module', async () => {
    await expect(served.call('/t/open')).resolves.toBe('open');
    await expect(
      served.call('/t/admin', { sender: 'admin@example.com' }),
    ).resolves.toBe('admin only');
  });

  it('refuses with 403 Forbidden resource when a guard returns false', async () => {
    const error = await rejection(served.call('/t/admin'));
    expect(error).toBeInstanceOf(GuardRefusedException);
    expect((error as HttpException).getStatus()).toBe(403);
    expect((error as HttpException).getResponse()).toMatchObject({
      message: 'Forbidden resource',
    });
  });

  it('passes on what a guard throws, and accepts an Observable answer', async () => {
    const error = await rejection(served.call('/t/token'));
    expect((error as HttpException).getStatus()).toBe(401);
    await expect(
      served.call('/t/token', { headers: { Authorization: 'Bearer s3cret' } }),
    ).resolves.toBe('token ok');
  });

  it('lets interceptors map the result or answer without the handler', async () => {
    await expect(served.call('/t/wrapped')).resolves.toEqual({ data: 42 });
    await expect(served.call('/t/cached')).resolves.toBe('from the cache');
  });

  it('transforms parameters with pipes and custom parameter decorators', async () => {
    await expect(
      served.call('/t/items/17', { sender: 'ada@example.org' }),
    ).resolves.toEqual({ id: 17, type: 'number', domain: 'example.org' });
  });

  it('lets the first filter whose @Catch matches handle an error', async () => {
    await expect(served.call('/t/missing')).resolves.toMatchObject({
      statusCode: 410,
      body: { gone: 'no such item' },
    });
    await expect(served.call('/t/type-error')).resolves.toBe(
      'a type error, handled',
    );
    const error = await rejection(served.call('/t/unfiltered'));
    expect((error as HttpException).getStatus()).toBe(403);
  });

  it('answers 504 when a handler outlives its timeout, and drops its late result', async () => {
    const controller = served.app.get(EnhancedController);
    const error = await rejection(served.call('/t/slow'));
    expect(error).toBeInstanceOf(GatewayTimeoutException);
    expect((error as HttpException).getResponse()).toMatchObject({
      message: 'EnhancedController.slow did not finish within 50 ms',
    });
    await waitFor(() => controller.late === 'finished late', { timeout: 2000 });
    const fallback = await rejection(served.call('/t/default-timeout'));
    expect((fallback as HttpException).getResponse()).toMatchObject({
      message: 'EnhancedController.defaultTimeout did not finish within 80 ms',
    });
  });

  it('validates DTO bodies by default and refuses unknown properties', async () => {
    await expect(
      served.call('/t/count', { body: { count: 3 } }),
    ).resolves.toEqual({ isDto: true, count: 3 });
    const unknown = await rejection(
      served.call('/t/count', { body: { count: 3, extra: true } }),
    );
    expect((unknown as HttpException).getResponse()).toMatchObject({
      message: 'Validation failed',
      violations: [{ property: 'extra' }],
    });
  });
});

describe('global pipes', () => {
  it('replace the default validation everywhere when one is a ValidationPipe', async () => {
    const { app, call } = await serveRoutes(EnhancedModule, application =>
      application.useGlobalPipes(new ValidationPipe({ transform: false })),
    );
    await expect(
      call('/t/count', { body: { count: 3, extra: true } }),
    ).resolves.toEqual({ isDto: false, count: 3 });
    await app.close();
  });
});

describe('mistakes in the pipeline', () => {
  it('names the dependency a guard is missing when the routes are bound', async () => {
    @Injectable()
    class NeedsDirectory implements CanActivate {
      constructor(readonly directory: Directory) {}
      canActivate() {
        return true;
      }
    }
    @Controller()
    class Lonely {
      @UseGuards(NeedsDirectory)
      @OnRequest('/lonely')
      lonely() {}
    }
    @Module({ imports: [DiscoveryModule], controllers: [Lonely] })
    class LonelyModule {}
    const error = await rejection(serveRoutes(LonelyModule));
    expect(error).toBeInstanceOf(UnknownDependencyError);
    expect((error as Error).message).toMatch(
      /NeedsDirectory.*Directory at index \[0\]/s,
    );
  });

  it('rejects a decorator argument that is not an enhancer at once', () => {
    expect(() => UseGuards(undefined as never)).toThrow(
      /argument 0 is undefined \(usually two files importing each other/,
    );
    expect(() => UseInterceptors({} as never)).toThrow(
      /not a class or an object with intercept\(\)/,
    );
  });
});
