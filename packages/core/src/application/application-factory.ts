import { ModulesContainer } from '../injector/container';
import { Injector } from '../injector/injector';
import { InternalCoreModule } from '../injector/internal-core.module';
import type { ModuleImport } from '../interfaces/module-metadata.interface';
import { Logger } from '../logger/logger';
import type { ProviderOverrides } from '../scanner/dependencies-scanner';
import { DependenciesScanner } from '../scanner/dependencies-scanner';
import type { MventApplicationOptions } from './application-options.interface';
import { MventApplication } from './application';
import { recordListedClasses } from './startup-checks';

/**
 * Builds the module graph of `rootModule`, creates every singleton and returns the
 * application. Shared by `MventFactory` and the testing module.
 */
export async function createApplication(
  rootModule: ModuleImport,
  options: MventApplicationOptions,
  overrides: ProviderOverrides,
): Promise<MventApplication> {
  if (options.logger !== undefined) {
    Logger.overrideLogger(options.logger);
  }
  const modules = new ModulesContainer();
  const injector = new Injector(modules);
  const scanner = new DependenciesScanner(modules, injector, overrides);
  await scanner.scan([InternalCoreModule.register(modules), rootModule]);
  await injector.createAll();
  recordListedClasses(modules);
  return new MventApplication(modules, injector, options);
}

/**
 * Creates mvent applications.
 *
 * @example
 * ```ts
 * const app = await MventFactory.create(AppModule);
 * app.enableShutdownHooks();
 * await app.listen();
 * ```
 * @publicApi
 */
export class MventFactory {
  /**
   * Scans `rootModule` and its imports, creates every provider and controller, and
   * returns the application. Call `init()` or `listen()` next.
   *
   * @throws CoreError subclasses that name the failing token, module chain and fix
   */
  static async create(
    rootModule: ModuleImport,
    options: MventApplicationOptions = {},
  ): Promise<MventApplication> {
    try {
      return await createApplication(rootModule, options, new Map());
    } catch (error) {
      new Logger('MventFactory').error(error);
      throw error;
    }
  }
}
