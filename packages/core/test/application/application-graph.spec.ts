import type { CanActivate, NestInterceptor } from '../../src';
import {
  ApplicationGraphService,
  Controller,
  DiscoveryModule,
  DiscoveryService,
  Global,
  Injectable,
  Logger,
  Module,
  MventFactory,
  OnEvent,
  OnRequest,
  PipelineFactory,
  UseGuards,
  UseInterceptors,
  discoverEventHandlers,
  discoverRoutes,
} from '../../src';

@Injectable()
class AdminOnly implements CanActivate {
  canActivate() {
    return true;
  }
}

class Audit implements NestInterceptor {
  intercept(_: unknown, next: { handle(): any }) {
    return next.handle();
  }
}

@UseInterceptors(Audit)
@Controller('/orders')
class OrdersController {
  @UseGuards(AdminOnly)
  @OnRequest('/{id}')
  get() {
    return 'order';
  }

  @OnEvent('order.*')
  created() {}
}

/** A transport of this test: it wires every route and event handler as `test`. */
@Injectable()
class TestTransport {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly pipelines: PipelineFactory,
  ) {}

  onModuleInit() {
    discoverRoutes(this.discovery, 'test', this.pipelines);
    discoverEventHandlers(this.discovery, this.pipelines, {
      transport: 'test',
      onSkipped: () => undefined,
    });
  }
}

@Global()
@Module({
  imports: [DiscoveryModule],
  providers: [TestTransport],
  exports: [TestTransport],
})
class TransportModule {}

@Module({ imports: [TransportModule], controllers: [OrdersController] })
class AppModule {}

describe('ApplicationGraphService', () => {
  it("describes the running app's modules and each wired handler with its pipeline", async () => {
    Logger.overrideLogger(false);
    const app = await MventFactory.create(AppModule);
    app.useGlobalGuards({ canActivate: () => true });
    await app.init();
    const graph = app.get(ApplicationGraphService).graph();
    expect(graph.modules.map(m => m.name)).toEqual([
      'DiscoveryModule',
      'TransportModule',
      'AppModule',
    ]);
    expect(graph.modules[1]).toMatchObject({
      global: true,
      imports: ['DiscoveryModule'],
      providers: ['TestTransport'],
      exports: ['TestTransport'],
    });
    expect(graph.modules[2].controllers).toEqual(['OrdersController']);
    expect(graph.handlers).toEqual([
      {
        module: 'AppModule',
        handler: 'OrdersController.get',
        transport: 'test',
        trigger: '/orders/{id}',
        guards: ['(object)', 'AdminOnly'],
        interceptors: ['Audit'],
        pipes: [],
        filters: [],
      },
      {
        module: 'AppModule',
        handler: 'OrdersController.created',
        transport: 'test',
        trigger: 'order.*',
        guards: ['(object)'],
        interceptors: ['Audit'],
        pipes: [],
        filters: [],
      },
    ]);
    await app.close();
  });
});
