import {
  Controller,
  CONTROLLER_PREFIX_METADATA,
  CONTROLLER_WATERMARK,
  Global,
  GLOBAL_MODULE_WATERMARK,
  Inject,
  Injectable,
  Module,
  MODULE_METADATA,
  MventFactory,
  Optional,
  Scope,
} from '@mvent/core';

describe('decorators', () => {
  it('should record module, global, injectable and controller metadata under their keys', () => {
    @Global()
    @Module({ providers: [] })
    class M {}
    @Injectable({ scope: Scope.TRANSIENT })
    class S {}
    @Controller('/math')
    class C {}

    expect(Reflect.getMetadata(Module.KEY, M)).toEqual({ providers: [] });
    expect(Module.KEY).toBe(MODULE_METADATA);
    expect(Reflect.getMetadata(GLOBAL_MODULE_WATERMARK, M)).toBe(true);
    expect(Reflect.getMetadata(Injectable.KEY, S)).toBe(true);
    expect(Reflect.getMetadata(CONTROLLER_WATERMARK, C)).toBe(true);
    expect(Reflect.getMetadata(CONTROLLER_PREFIX_METADATA, C)).toBe('/math');
  });

  it('should stack @Inject and @Optional entries without overwriting', () => {
    @Injectable()
    class S {
      constructor(
        @Inject('A') readonly a: unknown,
        @Optional() @Inject('B') readonly b: unknown,
      ) {}
    }
    expect(Reflect.getMetadata(Inject.KEY, S)).toEqual(
      expect.arrayContaining([
        { index: 0, token: 'A' },
        { index: 1, token: 'B' },
      ]),
    );
    expect(Reflect.getMetadata(Optional.KEY, S)).toEqual([1]);
  });

  it('should reject bad arguments at once', () => {
    expect(() => Module({ provider: [] } as never)).toThrow(
      /Invalid property 'provider' passed into @Module/,
    );
    expect(() => Inject(undefined as never)).toThrow(
      /`token` must be a class, a string, a symbol or forwardRef/,
    );
    expect(() => Controller(5 as never)).toThrow(/`prefix` must be a string/);
  });

  it('should reject a class that is not a module, and an undefined import', async () => {
    class NotAModule {}
    await expect(
      MventFactory.create(NotAModule, { logger: false }),
    ).rejects.toThrow(/NotAModule is not a module/);
    @Module({ imports: [undefined as never] })
    class Broken {}
    await expect(
      MventFactory.create(Broken, { logger: false }),
    ).rejects.toThrow(/import at index \[0\] of Broken is undefined/);
  });
});
