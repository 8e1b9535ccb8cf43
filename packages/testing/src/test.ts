import type { ModuleMetadata } from '@mvent/core';
import { TestingModuleBuilder } from './testing-module.builder';

/**
 * Entry point of the testing utilities.
 *
 * @example
 * ```ts
 * const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
 *   .overrideProvider(MailService).useValue(fakeMail)
 *   .compile();
 * const users = moduleRef.get(UsersService);
 * ```
 * @publicApi
 */
export class Test {
  /** Starts a testing module made of `metadata`, like a `@Module()`. */
  static createTestingModule(metadata: ModuleMetadata): TestingModuleBuilder {
    return new TestingModuleBuilder(metadata);
  }
}
