import { execFile } from 'node:child_process';
import { join } from 'node:path';
import { promisify } from 'node:util';
import { Test } from '@mvent/testing';
import { APP_CONFIG } from '../src/config/config.constants';
import { AppModule } from '../src/app.module';
import { AppService } from '../src/app.service';
import { LifecycleLog } from '../src/lifecycle-log';

describe('01-dependency-injection', () => {
  it('should greet through the injected service and record the lifecycle order', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .setLogger(false)
      .compile();
    await moduleRef.init();
    expect(moduleRef.get(AppService).welcome(['Ada'])).toEqual(['Hello, Ada!']);
    await moduleRef.close();

    expect(moduleRef.get(LifecycleLog).entries).toEqual([
      'GreetingService.onModuleInit',
      'AppService.onModuleInit',
      'GreetingService.onApplicationBootstrap',
      'AppService.onModuleDestroy',
      'GreetingService.onApplicationShutdown(close)',
    ]);
  });

  it('should use an overridden configuration', async () => {
    const moduleRef = await Test.createTestingModule({ imports: [AppModule] })
      .overrideProvider(APP_CONFIG)
      .useValue({ greeting: 'Bonjour', punctuation: ' !' })
      .compile();
    expect(moduleRef.get(AppService).welcome(['Ada'])).toEqual([
      'Bonjour, Ada !',
    ]);
  });

  it('should run as a program that prints the demo and exits 0', async () => {
    const { stdout } = await promisify(execFile)(process.execPath, [
      join(__dirname, '../dist/main.js'),
    ]);
    expect(stdout).toContain(
      'Hello, Ada!\nHello, Grace!\nlifecycle order:\n  GreetingService.onModuleInit',
    );
  });
});
