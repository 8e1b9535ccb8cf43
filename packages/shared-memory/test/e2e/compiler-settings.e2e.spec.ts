import { execFile } from 'node:child_process';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { createTempDir } from '@mvent/testing';
import type { TempDir } from '@mvent/testing';
import * as ts from 'typescript';

const run = promisify(execFile);
const ROOT = join(__dirname, '../../../..');

/**
 * A user's app, as the README's example: a DTO event handled by a controller, a service
 * with a dependency. It prints the outcome, so the test reads what the user would see.
 */
const APP = `
import 'reflect-metadata';
import { Controller, Injectable, Module, MventFactory, OnEvent } from '@mvent/core';
import { MemoryEventBus, SharedMemoryModule } from '@mvent/shared-memory';
import { IsInt } from 'class-validator';

class OrderDto {
  @IsInt() n!: number;
}

@Injectable()
class Clock {
  now() { return 1; }
}

@Injectable()
class Orders {
  constructor(readonly clock: Clock) {}
}

@Controller()
class OrdersController {
  @OnEvent('order')
  onOrder(order: OrderDto) {
    console.log('handled', JSON.stringify(order));
  }
}

@Module({
  imports: [SharedMemoryModule.forRoot({ name: 'settings', dir: process.argv[2] })],
  controllers: [OrdersController],
  providers: process.argv[3] === 'with-service' ? [Clock, Orders] : [],
})
class AppModule {}

async function main() {
  const app = await MventFactory.create(AppModule, { logger: false });
  await app.init();
  const bus = app.get(MemoryEventBus);
  bus.emit('order', { n: 'not a number', extra: true });
  const counted = () => Object.values(bus.getHandlerStats()).find(h => h.calls + h.invalid > 0);
  while (!counted()) await new Promise(resolve => setTimeout(resolve, 20));
  console.log('invalid', counted().invalid);
  await app.close();
}
main().catch(error => {
  console.log(error.code);
  console.log(error.message);
});
`;

/** Compiles {@link APP} with `options` into `dir/app.js`, as tsc would with that tsconfig. */
async function compile(
  dir: string,
  options: ts.CompilerOptions,
  source = APP,
): Promise<string> {
  const { outputText } = ts.transpileModule(source, {
    compilerOptions: {
      module: ts.ModuleKind.CommonJS,
      target: ts.ScriptTarget.ES2022,
      ...options,
    },
  });
  const file = join(dir, 'app.js');
  await writeFile(file, outputText);
  return file;
}

/** Runs the compiled app against the built packages, outside the repository. */
async function start(file: string, dir: string, mode = ''): Promise<string> {
  const { stdout } = await run(process.execPath, [file, dir, mode], {
    env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') },
    timeout: 30_000,
  });
  return stdout;
}

describe('an app compiled with the wrong TypeScript settings', () => {
  let dir: TempDir;
  beforeEach(async () => {
    dir = await createTempDir('mvent-tsconfig-');
  });
  afterEach(() => dir.remove());

  it('validates the DTO when compiled as the README says', async () => {
    const file = await compile(dir.path, {
      experimentalDecorators: true,
      emitDecoratorMetadata: true,
    });
    // Invalid: counted, and the handler is not called.
    expect(await start(file, dir.path)).toBe('invalid 1\n');
  });

  it('without emitDecoratorMetadata: refuses to start a handler whose DTO would go unchecked, naming the option and the file', async () => {
    const file = await compile(dir.path, { experimentalDecorators: true });
    const [code, message] = (await start(file, dir.path)).split('\n');
    expect(code).toBe('CORE_MISSING_DECORATOR_METADATA');
    expect(message).toBe(
      `OrdersController.onOrder (${file}) was compiled without decorator metadata: TypeScript emitted no parameter types (design:paramtypes), so mvent can neither inject its dependencies nor validate its handlers' DTOs.`,
    );
  });

  it('without emitDecoratorMetadata: names the option for a service with dependencies, not a missing @Injectable()', async () => {
    const file = await compile(dir.path, { experimentalDecorators: true });
    const output = await start(file, dir.path, 'with-service');
    expect(output).toMatch(
      /^CORE_MISSING_DECORATOR_METADATA\nOrders \(.*app\.js\) was compiled without decorator metadata/,
    );
    expect(output).toContain('"emitDecoratorMetadata": true');
    expect(output).not.toContain('add @Injectable()');
  });

  it('without experimentalDecorators: says which option, instead of failing inside a decorator', async () => {
    // class-validator's decorators fail first on their own when they come first; mvent's say why.
    const file = await compile(
      dir.path,
      {},
      "import { Injectable } from '@mvent/core';\n@Injectable() class Clock {}",
    );
    const { stderr } = await run(process.execPath, [file, dir.path], {
      env: { ...process.env, NODE_PATH: join(ROOT, 'node_modules') },
    }).catch((error: { stderr: string }) => error);
    expect(stderr).toMatch(
      /StandardDecoratorsError: @Injectable\(\) \(.*app\.js\) was called as a standard \(TC39\) decorator: the code was compiled without "experimentalDecorators"/,
    );
  });
});
