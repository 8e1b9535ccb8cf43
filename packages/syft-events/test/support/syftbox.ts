import { randomUUID } from 'node:crypto';
import { mkdir, readFile, writeFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import type { SyftBoxConfig, SyftRequest } from '@mvent/syft-events';
import { SyftTimestamp } from '@mvent/syft-events';
import { createTempDir, waitFor } from '@mvent/testing';

/** A temporary SyftBox folder for one user. */
export interface TempSyftBox {
  config: SyftBoxConfig;
  /** `<datasites>/<owner>/app_data/<app>/rpc`. */
  rpcDir(app: string, owner?: string): string;
  remove(): Promise<void>;
}

/** Creates a SyftBox folder in the OS temp dir, owned by `email`. */
export async function createSyftBox(
  email = 'alice@example.com',
): Promise<TempSyftBox> {
  const dir = await createTempDir('mvent-syftbox-');
  const datasites = join(dir.path, 'datasites');
  await mkdir(datasites, { recursive: true });
  return {
    config: { email, dataDir: dir.path, datasites, source: 'test' },
    rpcDir: (app, owner = email) =>
      join(datasites, owner, 'app_data', app, 'rpc'),
    remove: () => dir.remove(),
  };
}

/** Writes `text` at `path`, creating folders. */
export async function place(
  path: string,
  text: string | Buffer,
): Promise<void> {
  await mkdir(dirname(path), { recursive: true });
  await writeFile(path, text);
}

/** Waits until `path` holds a complete JSON document and returns its text. */
export async function waitForJson(
  path: string,
  timeout = 10_000,
): Promise<string> {
  let text = '';
  await waitFor(
    async () => {
      text = await readFile(path, 'utf8').catch(() => '');
      try {
        JSON.parse(text);
        return true;
      } catch {
        return false;
      }
    },
    { timeout, description: `a JSON file at ${path}` },
  );
  return text;
}

/** The fixtures written by the Python stack. */
export const FIXTURES = join(__dirname, '..', 'fixtures', 'syftbox');

/** A valid POST request from bob to alice's `demo` echo endpoint, one minute to live. */
export function echoRequest(overrides: Partial<SyftRequest> = {}): SyftRequest {
  const now = SyftTimestamp.now();
  return {
    id: randomUUID(),
    sender: 'bob@example.com',
    url: 'syft://alice@example.com/app_data/demo/rpc/echo',
    body: Buffer.from('{"hello":"world"}'),
    headers: {},
    created: now,
    expires: now.plus(60_000),
    method: 'POST',
    ...overrides,
  };
}
