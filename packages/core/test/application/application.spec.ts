import { spawn } from 'node:child_process';
import { join } from 'node:path';
import {
  Injectable,
  Module,
  MventFactory,
  Server,
  ServerRegistry,
} from '@mvent/core';
import type {
  BeforeApplicationShutdown,
  OnApplicationBootstrap,
  OnApplicationShutdown,
  OnModuleDestroy,
  OnModuleInit,
} from '@mvent/core';
import { waitFor } from '@mvent/testing';

const ROOT = join(__dirname, '../../../..');

function recorderClass(name: string, log: string[]) {
  @Injectable()
  class Recorder
    implements
      OnModuleInit,
      OnApplicationBootstrap,
      OnModuleDestroy,
      BeforeApplicationShutdown,
      OnApplicationShutdown
  {
    async onModuleInit() {
      await Promise.resolve();
      log.push(`${name}.onModuleInit`);
    }
    onApplicationBootstrap() {
      log.push(`${name}.onApplicationBootstrap`);
    }
    onModuleDestroy() {
      log.push(`${name}.onModuleDestroy`);
    }
    beforeApplicationShutdown(signal?: string) {
      log.push(`${name}.beforeApplicationShutdown(${signal})`);
    }
    onApplicationShutdown(signal?: string) {
      log.push(`${name}.onApplicationShutdown(${signal})`);
    }
  }
  return Recorder;
}

class RecordingServer extends Server {
  readonly transportId = 'recording';
  constructor(private readonly log: string[]) {
    super();
  }
  async listen() {
    this.log.push('server.listen');
  }
  async close() {
    this.log.push('server.close');
  }
}

async function recordedApp(log: string[]) {
  const DatabaseRecorder = recorderClass('Database', log);
  @Module({ providers: [DatabaseRecorder] })
  class DatabaseModule {}

  @Injectable()
  class ServerRegistrar implements OnModuleInit {
    constructor(private readonly registry: ServerRegistry) {}
    onModuleInit() {
      this.registry.register(new RecordingServer(log));
    }
  }
  const AppRecorder = recorderClass('App', log);
  @Module({
    imports: [DatabaseModule],
    providers: [AppRecorder, ServerRegistrar],
  })
  class AppModule {}

  return MventFactory.create(AppModule, { logger: false });
}

describe('MventApplication', () => {
  describe('lifecycle', () => {
    it('should call the hooks in order: imported modules first on start, last on shutdown', async () => {
      const log: string[] = [];
      const app = await recordedApp(log);
      await app.listen();
      await app.close('SIGTERM');

      expect(log).toEqual([
        'Database.onModuleInit',
        'App.onModuleInit',
        'Database.onApplicationBootstrap',
        'App.onApplicationBootstrap',
        'server.listen',
        'App.onModuleDestroy',
        'Database.onModuleDestroy',
        'App.beforeApplicationShutdown(SIGTERM)',
        'Database.beforeApplicationShutdown(SIGTERM)',
        'server.close',
        'App.onApplicationShutdown(SIGTERM)',
        'Database.onApplicationShutdown(SIGTERM)',
      ]);
    });

    it('should be harmless to init, listen and close twice', async () => {
      const log: string[] = [];
      const app = await recordedApp(log);
      await Promise.all([app.listen(), app.listen(), app.init()]);
      await app.close();
      await app.close();

      expect(log.filter(entry => entry === 'server.listen')).toHaveLength(1);
      expect(log.filter(entry => entry === 'server.close')).toHaveLength(1);
      expect(
        log.filter(entry => entry.endsWith('onApplicationShutdown(undefined)')),
      ).toHaveLength(2);
    });
  });

  describe('enableShutdownHooks', () => {
    const runChild = (args: string[]) => {
      const child = spawn(
        process.execPath,
        [
          '-r',
          '@swc-node/register',
          join(__dirname, '../fixtures/03-shutdown-hooks.app.ts'),
          ...args,
        ],
        {
          cwd: ROOT,
          env: {
            ...process.env,
            SWC_NODE_PROJECT: join(ROOT, 'tsconfig.test.json'),
          },
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
      let output = '';
      child.stdout.on('data', chunk => (output += String(chunk)));
      child.stderr.on('data', chunk => (output += String(chunk)));
      const exited = new Promise<{
        code: number | null;
        signal: string | null;
      }>(resolve =>
        child.on('exit', (code, signal) => resolve({ code, signal })),
      );
      return { child, exited, output: () => output };
    };

    it('should run the shutdown hooks on SIGTERM and let the process end by the signal', async () => {
      const { child, exited, output } = runChild([]);
      await waitFor(() => output().includes('ready'), {
        timeout: 20_000,
        description: 'child ready',
      });
      child.kill('SIGTERM');

      const result = await exited;
      expect(output()).toContain(
        'onModuleDestroy\nbeforeApplicationShutdown SIGTERM\nonApplicationShutdown SIGTERM\n',
      );
      expect(result).toEqual({ code: null, signal: 'SIGTERM' });
    });

    it('should exit with code 0 when useProcessExit is set', async () => {
      const { child, exited, output } = runChild(['--exit']);
      await waitFor(() => output().includes('ready'), {
        timeout: 20_000,
        description: 'child ready',
      });
      child.kill('SIGTERM');

      expect(await exited).toEqual({ code: 0, signal: null });
      expect(output()).toContain('onApplicationShutdown SIGTERM');
    });
  });
});
