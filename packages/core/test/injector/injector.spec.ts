import {
  CircularDependencyError,
  Global,
  Inject,
  Injectable,
  Module,
  ModuleRef,
  MventFactory,
  Optional,
  ProviderNotExportedError,
  Scope,
  UndeterminedDependencyTypeError,
  UnknownDependencyError,
  UnknownElementError,
} from '@mvent/core';
import type { DynamicModule } from '@mvent/core';
import { GreeterService } from '../fixtures/01-greeter.service';
import { ImportTypeConsumer } from '../fixtures/02-import-type-mistake';

const create = (module: object) =>
  MventFactory.create(module as never, { logger: false });

describe('Injector', () => {
  describe('modules', () => {
    it('should inject an exported provider into an importing module', async () => {
      @Module({ providers: [GreeterService], exports: [GreeterService] })
      class GreeterModule {}

      @Injectable()
      class Welcome {
        constructor(readonly greeter: GreeterService) {}
      }
      @Module({ imports: [GreeterModule], providers: [Welcome] })
      class AppModule {}

      const app = await create(AppModule);
      expect(app.get(Welcome).greeter.greet('ada')).toBe('hello ada');
      expect(app.get(Welcome).greeter).toBe(app.get(GreeterService));
    });

    it('should reject a provider the imported module does not export', async () => {
      @Module({ providers: [GreeterService] })
      class GreeterModule {}
      @Injectable()
      class Welcome {
        constructor(readonly greeter: GreeterService) {}
      }
      @Module({ imports: [GreeterModule], providers: [Welcome] })
      class AppModule {}

      const error = await create(AppModule).catch(e => e);
      expect(error).toBeInstanceOf(ProviderNotExportedError);
      expect(error.code).toBe('CORE_PROVIDER_NOT_EXPORTED');
      expect(error.message).toMatch(
        /can't resolve GreeterService for Welcome: GreeterModule provides it but does not export it[\s\S]*Add GreeterService to the `exports` of GreeterModule/,
      );
    });

    it('should re-export an imported module', async () => {
      @Module({ providers: [GreeterService], exports: [GreeterService] })
      class GreeterModule {}
      @Module({ imports: [GreeterModule], exports: [GreeterModule] })
      class SharedModule {}
      @Injectable()
      class Welcome {
        constructor(readonly greeter: GreeterService) {}
      }
      @Module({ imports: [SharedModule], providers: [Welcome] })
      class AppModule {}

      expect((await create(AppModule)).get(Welcome).greeter).toBeInstanceOf(
        GreeterService,
      );
    });

    it('should make the exports of a @Global() module visible everywhere', async () => {
      @Global()
      @Module({ providers: [GreeterService], exports: [GreeterService] })
      class GreeterModule {}
      @Injectable()
      class Welcome {
        constructor(readonly greeter: GreeterService) {}
      }
      @Module({ providers: [Welcome] })
      class FeatureModule {}
      @Module({ imports: [GreeterModule, FeatureModule] })
      class AppModule {}

      expect((await create(AppModule)).get(Welcome).greeter).toBeInstanceOf(
        GreeterService,
      );
    });

    it('should configure a dynamic module with forRoot and forRootAsync', async () => {
      const OPTIONS = Symbol('OPTIONS');
      @Module({})
      class ConfigModule {
        static forRoot(name: string): DynamicModule {
          return {
            module: ConfigModule,
            providers: [{ provide: OPTIONS, useValue: { name } }],
            exports: [OPTIONS],
          };
        }
        static forRootAsync(options: {
          useFactory: (...args: any[]) => Promise<{ name: string }>;
          inject?: any[];
          imports?: any[];
        }): DynamicModule {
          return {
            module: ConfigModule,
            imports: options.imports,
            providers: [
              {
                provide: OPTIONS,
                useFactory: options.useFactory,
                inject: options.inject,
              },
            ],
            exports: [OPTIONS],
          };
        }
      }
      @Injectable()
      class Reader {
        constructor(@Inject(OPTIONS) readonly options: { name: string }) {}
      }

      @Module({ imports: [ConfigModule.forRoot('sync')], providers: [Reader] })
      class SyncApp {}
      expect((await create(SyncApp)).get(Reader).options.name).toBe('sync');

      const SOURCE = 'SOURCE';
      @Module({
        providers: [{ provide: SOURCE, useValue: 'async' }],
        exports: [SOURCE],
      })
      class SourceModule {}
      @Module({
        imports: [
          ConfigModule.forRootAsync({
            imports: [SourceModule],
            inject: [SOURCE],
            useFactory: async (source: string) => ({ name: source }),
          }),
        ],
        providers: [Reader],
      })
      class AsyncApp {}
      expect((await create(AsyncApp)).get(Reader).options.name).toBe('async');
    });
  });

  describe('providers', () => {
    it('should support useValue, useClass, useFactory, useExisting, string and symbol tokens', async () => {
      const URL = Symbol('URL');
      abstract class Clock {
        abstract now(): number;
      }
      class FixedClock extends Clock {
        now() {
          return 42;
        }
      }
      @Module({
        providers: [
          { provide: 'PORT', useValue: 8080 },
          {
            provide: URL,
            useFactory: (port: number) => `http://localhost:${port}`,
            inject: ['PORT'],
          },
          { provide: Clock, useClass: FixedClock },
          { provide: 'ALIAS', useExisting: Clock },
        ],
      })
      class AppModule {}

      const app = await create(AppModule);
      expect(app.get('PORT')).toBe(8080);
      expect(app.get(URL)).toBe('http://localhost:8080');
      expect(app.get(Clock).now()).toBe(42);
      expect(app.get('ALIAS')).toBe(app.get(Clock));
    });

    it('should await async factory providers before injecting them', async () => {
      @Injectable()
      class Consumer {
        constructor(
          @Inject('CONNECTION') readonly connection: { open: boolean },
        ) {}
      }
      @Module({
        providers: [
          Consumer,
          {
            provide: 'CONNECTION',
            useFactory: async () => {
              await new Promise(resolve => setTimeout(resolve, 5));
              return { open: true };
            },
          },
        ],
      })
      class AppModule {}

      expect((await create(AppModule)).get(Consumer).connection).toEqual({
        open: true,
      });
    });

    it('should give each consumer its own transient instance and share singletons', async () => {
      let created = 0;
      @Injectable({ scope: Scope.TRANSIENT })
      class Counter {
        readonly id = ++created;
      }
      @Injectable()
      class Shared {}
      @Injectable()
      class A {
        constructor(
          readonly counter: Counter,
          readonly shared: Shared,
        ) {}
      }
      @Injectable()
      class B {
        constructor(
          readonly counter: Counter,
          readonly shared: Shared,
        ) {}
      }
      @Module({ providers: [Counter, Shared, A, B] })
      class AppModule {}

      const app = await create(AppModule);
      expect(app.get(A).counter).not.toBe(app.get(B).counter);
      expect(app.get(A).shared).toBe(app.get(B).shared);
      const fresh = await app.resolve(Counter);
      expect(fresh.id).toBe(3);
      expect(() => app.get(Counter)).toThrow(/transient provider.*resolve/);
    });

    it('should inject undefined for a missing @Optional() dependency', async () => {
      @Injectable()
      class Consumer {
        constructor(@Optional() @Inject('MISSING') readonly missing?: string) {}
      }
      @Module({ providers: [Consumer] })
      class AppModule {}

      expect((await create(AppModule)).get(Consumer).missing).toBeUndefined();
    });

    it('should inject a ModuleRef that finds providers lazily', async () => {
      @Injectable()
      class Lazy {
        constructor(readonly moduleRef: ModuleRef) {}
      }
      @Module({ providers: [Lazy, GreeterService] })
      class AppModule {}

      const app = await create(AppModule);
      expect(app.get(Lazy).moduleRef.get(GreeterService)).toBe(
        app.get(GreeterService),
      );
      expect(() => app.get('NOPE')).toThrow(UnknownElementError);
    });
  });

  describe('errors', () => {
    it('should name the token, index, class, module chain and fixes of an unknown dependency', async () => {
      @Injectable()
      class Payments {
        constructor(
          readonly greeter: GreeterService,
          @Inject('API_KEY') readonly key: string,
        ) {}
      }
      @Module({ providers: [Payments, GreeterService] })
      class PaymentsModule {}
      @Module({ imports: [PaymentsModule] })
      class AppModule {}

      const error = await create(AppModule).catch(e => e);
      expect(error).toBeInstanceOf(UnknownDependencyError);
      expect(error.index).toBe(1);
      expect(error.moduleChain).toEqual(['AppModule', 'PaymentsModule']);
      expect(error.message).toMatch(
        /^Mvent can't resolve dependencies of Payments \(GreeterService, \?\)\.\nPlease make sure that the argument "API_KEY" at index \[1\] is available in the PaymentsModule context\.\nScope \[AppModule -> PaymentsModule\]\n\nPotential solutions:\n- If "API_KEY" is a provider, is it part of PaymentsModule's `providers`\?/,
      );
    });

    it('should report the cycle of a circular dependency', async () => {
      @Injectable()
      class A {
        constructor(@Inject('B') readonly b: unknown) {}
      }
      @Injectable()
      class B {
        constructor(@Inject('C') readonly c: unknown) {}
      }
      @Injectable()
      class C {
        constructor(readonly a: A) {}
      }
      @Module({
        providers: [
          A,
          { provide: 'B', useClass: B },
          { provide: 'C', useClass: C },
        ],
      })
      class AppModule {}

      const error = await create(AppModule).catch(e => e);
      expect(error).toBeInstanceOf(CircularDependencyError);
      expect(error.cycle).toEqual(['A', '"B" (B)', '"C" (C)', 'A']);
      expect(error.message).toMatch(
        /circular dependency was detected: A -> "B" \(B\) -> "C" \(C\) -> A/,
      );
    });

    it('should explain the `import type` mistake', async () => {
      @Module({ providers: [GreeterService, ImportTypeConsumer] })
      class AppModule {}

      const error = await create(AppModule).catch(e => e);
      expect(error).toBeInstanceOf(UndeterminedDependencyTypeError);
      expect(error.message).toMatch(
        /can't determine the dependency at index \[0\] of ImportTypeConsumer: TypeScript emitted its type as Object\.[\s\S]*`import type`[\s\S]*Import the class with a value import/,
      );
    });

    it('should ask for @Injectable() on a class whose parameters were not emitted', async () => {
      class Undecorated {
        constructor(readonly greeter: GreeterService) {}
      }
      @Module({ providers: [GreeterService, Undecorated] })
      class AppModule {}

      await expect(create(AppModule)).rejects.toThrow(/add @Injectable\(\)/);
    });

    it('should wrap an error thrown by a factory with its context', async () => {
      @Module({
        providers: [
          {
            provide: 'DB',
            useFactory: () => {
              throw new Error('connection refused');
            },
          },
        ],
      })
      class AppModule {}

      const error = await create(AppModule).catch(e => e);
      expect(error.message).toMatch(
        /failed to create DB\. Scope \[AppModule\]\nReason: connection refused/,
      );
      expect(error.cause.message).toBe('connection refused');
    });
  });
});
