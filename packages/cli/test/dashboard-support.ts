import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { waitFor } from '@mvent/testing';
import { forkTypeScript } from '../../shared-memory/test/e2e/worker.util';
import { createSyftBox } from '../../syft-events/test/support/syftbox';
import { spawnMvent } from './run-cli';

/** Debian's Chromium, which `.ci/run` installs (`apt-get install chromium`). */
export const CHROMIUM = process.env.CHROMIUM_PATH ?? '/usr/bin/chromium';
/** Where the screenshot is kept for the CI run. */
export const ARTIFACTS = join(__dirname, '..', '..', '..', 'test-artifacts');
export const haveChromium = existsSync(CHROMIUM);

/** A temporary SyftBox folder, with a config file the CLI can be pointed at. */
export async function syftBoxWithConfig() {
  const box = await createSyftBox();
  const configPath = join(box.config.dataDir, 'config.json');
  await writeFile(
    configPath,
    JSON.stringify({ email: box.config.email, data_dir: box.config.dataDir }),
  );
  return { box, configPath };
}

/** The URL a `mvent dashboard` process printed, once it did. */
export async function dashboardUrl(dashboard: {
  output(): string;
}): Promise<string> {
  const printed = () => /at (http:\S+)/.exec(dashboard.output())?.[1];
  await waitFor(printed, { timeout: 30_000, description: 'the dashboard URL' });
  return printed()!;
}

/** An application of `fixtures/console-app.ts` in a child process, driven over IPC. */
export interface ConsoleApp {
  pid: number;
  request<T>(cmd: string, args?: object): Promise<T>;
  /** Kills it with `signal` and waits for it to exit. */
  kill(signal: NodeJS.Signals): Promise<void>;
}

/** Starts `fixtures/console-app.ts` as `role` on the pool `name` in `dir`, once it listens. */
export async function startConsoleApp(
  role: 'consumer' | 'producer' | 'shop',
  name: string,
  dir: string,
  syftConfig?: object,
): Promise<ConsoleApp> {
  const child = forkTypeScript(join(__dirname, 'fixtures', 'console-app.ts'), [
    role,
    name,
    dir,
    ...(syftConfig ? [JSON.stringify(syftConfig)] : []),
  ]);
  const waiting = new Map<number, (result: unknown) => void>();
  let next = 1;
  const exited = new Promise(resolve => child.once('exit', resolve));
  await new Promise<void>((resolve, reject) => {
    child.once('exit', code => reject(new Error(`${role} exited: ${code}`)));
    child.on('message', ({ id, result }: { id: number; result: unknown }) =>
      id === 0 ? resolve() : waiting.get(id)?.(result),
    );
  });
  return {
    pid: child.pid!,
    request: <T>(cmd: string, args: object = {}) =>
      new Promise<T>(resolve => {
        const id = next++;
        waiting.set(id, result => resolve(result as T));
        child.send({ id, cmd, args });
      }),
    kill: async signal => {
      child.kill(signal);
      await exited;
    },
  };
}

/** `mvent dashboard <pools> --app shop` on a free port, for the SyftBox folder of `configPath`. */
export function spawnShopDashboard(
  configPath: string,
  poolsDir: string,
  pools: string[],
) {
  return spawnMvent(
    [
      '--config',
      configPath,
      'dashboard',
      ...pools,
      '--port',
      '0',
      '--app',
      'shop',
    ],
    { MVENT_POOL_DIR: poolsDir },
  );
}

/** Writes `count` unanswered requests from bob to the app `shop`'s `/echo` in `box`. */
export function placeWaitingRequests(
  box: { rpcDir(app: string): string },
  count: number,
): void {
  const folder = join(box.rpcDir('shop'), 'echo', 'bob@example.com');
  mkdirSync(folder, { recursive: true });
  const body = JSON.stringify({ expires: '2999-01-01T00:00:00+00:00' });
  for (let i = 0; i < count; i++) {
    const id = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
    writeFileSync(join(folder, `${id}.request`), body);
  }
}
