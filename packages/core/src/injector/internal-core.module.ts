import { ApplicationGraphService } from '../application/application-graph';
import { Global } from '../decorators/global.decorator';
import { Module } from '../decorators/module.decorator';
import type { DynamicModule } from '../interfaces/dynamic-module.interface';
import { Logger } from '../logger/logger';
import { GlobalEnhancers } from '../pipeline/global-enhancers';
import { PipelineFactory } from '../pipeline/pipeline-factory';
import { CallObservers } from '../rpc/call-observers';
import { MetadataScanner } from '../scanner/metadata-scanner';
import { ServerRegistry } from '../server/server-registry';
import { Reflector } from '../services/reflector.service';
import { ModulesContainer } from './container';

const CORE_PROVIDERS = [
  Reflector,
  MetadataScanner,
  ServerRegistry,
  GlobalEnhancers,
  CallObservers,
  PipelineFactory,
  ApplicationGraphService,
];

/**
 * The global module every application gets: the core services any provider may inject.
 */
@Global()
@Module({})
export class InternalCoreModule {
  static register(modules: ModulesContainer): DynamicModule {
    return {
      module: InternalCoreModule,
      providers: [
        ...CORE_PROVIDERS,
        { provide: ModulesContainer, useValue: modules },
        { provide: Logger, useFactory: () => new Logger() },
      ],
      exports: [...CORE_PROVIDERS, ModulesContainer, Logger],
    };
  }
}
