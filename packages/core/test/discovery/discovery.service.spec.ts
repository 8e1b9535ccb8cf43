import {
  Controller,
  DiscoveryModule,
  DiscoveryService,
  Injectable,
  Module,
  MventFactory,
  SetMetadata,
} from '@mvent/core';
import type { DiscoveredMethod } from '@mvent/core';

const HANDLER_METADATA = 'test:handler';
const Handler = (name: string) => SetMetadata(HANDLER_METADATA, name);
const MARKER_WATERMARK = 'test:marker';

describe('DiscoveryService', () => {
  abstract class BaseHandlers {
    @Handler('inherited')
    fromBase() {
      return 'base';
    }
  }

  @Injectable()
  @SetMetadata(MARKER_WATERMARK, true)
  class Handlers extends BaseHandlers {
    @Handler('own')
    own() {
      return 'own';
    }
    notDecorated() {}
  }

  @Controller('/ctl')
  class Ctl {
    @Handler('controller')
    handle() {
      return 'ctl';
    }
  }

  @Module({
    imports: [DiscoveryModule],
    providers: [Handlers, { provide: 'ALIAS', useExisting: Handlers }],
    controllers: [Ctl],
  })
  class AppModule {}

  let discovery: DiscoveryService;
  beforeAll(async () => {
    const app = await MventFactory.create(AppModule, { logger: false });
    discovery = app.get(DiscoveryService);
  });

  describe('getMethodsWithMetadata', () => {
    it('should find decorated methods on providers and controllers, through inheritance, once each', () => {
      const found = discovery.getMethodsWithMetadata<string>(HANDLER_METADATA);
      const summary = found.map((m: DiscoveredMethod<string>) => [
        m.host.name,
        m.methodName,
        m.metadata,
        m.method.call(m.instance),
      ]);
      expect(summary).toEqual([
        ['Handlers', 'own', 'own', 'own'],
        ['Handlers', 'fromBase', 'inherited', 'base'],
        ['Ctl', 'handle', 'controller', 'ctl'],
      ]);
    });
  });

  describe('getProviders', () => {
    it('should filter by a class metadata key and flag aliases', () => {
      expect(
        discovery
          .getProviders({ metadataKey: MARKER_WATERMARK })
          .map(p => p.name),
      ).toEqual(['Handlers']);
      const alias = discovery.getProviders().find(p => p.token === 'ALIAS');
      expect(alias?.isAlias).toBe(true);
      expect(
        discovery.getControllers().map(c => [c.name, c.isController]),
      ).toEqual([['Ctl', true]]);
    });
  });
});
