import type {
  InjectionToken,
  ModuleMetadata,
  MventApplicationOptions,
  Provider,
} from '@mvent/core';
import { Module } from '@mvent/core';
import { createApplication } from '@mvent/core/internal';
import type { OverrideBy } from './interfaces/override-by.interface';
import { TestingModule } from './testing-module';

/**
 * Collects provider overrides, then compiles a {@link TestingModule}.
 *
 * @publicApi
 */
export class TestingModuleBuilder {
  private readonly overrides = new Map<InjectionToken, Provider>();
  private options: MventApplicationOptions = {};

  /** @internal */
  constructor(private readonly metadata: ModuleMetadata) {}

  /**
   * Replaces how `token` is built, wherever it is provided. Chain `useValue`, `useClass`
   * or `useFactory`.
   */
  overrideProvider(token: InjectionToken): OverrideBy {
    const set = (provider: Provider) => {
      this.overrides.set(token, provider);
      return this;
    };
    return {
      useValue: value => set({ provide: token, useValue: value }),
      useClass: metatype => set({ provide: token, useClass: metatype }),
      useFactory: ({ factory, inject }) =>
        set({ provide: token, useFactory: factory, inject }),
    };
  }

  /** The logger for the compiled module; `false` silences it. */
  setLogger(logger: MventApplicationOptions['logger']): this {
    this.options = { ...this.options, logger };
    return this;
  }

  /** Scans the modules, applies the overrides and creates every provider. */
  async compile(): Promise<TestingModule> {
    @Module(this.metadata)
    class RootTestModule {}
    const app = await createApplication(
      RootTestModule,
      this.options,
      this.overrides,
    );
    return new TestingModule(app);
  }
}
