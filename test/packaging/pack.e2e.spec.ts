import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import {
  copyFile,
  mkdir,
  readFile,
  readdir,
  writeFile,
} from 'node:fs/promises';
import { join, relative, resolve } from 'node:path';
import { promisify } from 'node:util';
import { createTempDir } from '@mvent/testing';
import { appWithLockfile } from './app-lockfile';

const run = promisify(execFile);
const ROOT = join(__dirname, '..', '..');
const PACKAGES = [
  'core',
  'testing',
  'shared-memory',
  'syft-events',
  'metrics',
  'microservices',
  'cli',
];

/** The fields of a packed package.json this test checks. */
interface Manifest {
  exports: Record<string, string | Record<string, string>>;
  bin?: Record<string, string>;
  engines?: Record<string, string>;
  keywords?: string[];
  dependencies?: Record<string, string>;
  peerDependencies?: Record<string, string>;
}

/** Every file under `dir`, relative to it. */
async function filesUnder(dir: string): Promise<string[]> {
  const entries = await readdir(dir, { recursive: true, withFileTypes: true });
  return entries
    .filter(e => e.isFile())
    .map(e => relative(dir, join(e.parentPath, e.name)));
}

describe('the packages, packed and installed outside the repository', () => {
  it('pack without build info, dangling maps or missing exports, install offline without install scripts and run a 20-line app', async () => {
    const work = await createTempDir('mvent-pack-');
    try {
      const { stdout } = await run(
        'npm',
        [
          'pack',
          '--json',
          '--pack-destination',
          work.path,
          ...PACKAGES.flatMap(p => ['-w', `packages/${p}`]),
        ],
        { cwd: ROOT },
      );
      const packed = JSON.parse(stdout) as { name: string; filename: string }[];
      expect(packed.map(p => p.name).sort()).toEqual(
        PACKAGES.map(p => `@mvent/${p}`).sort(),
      );

      for (const { name, filename } of packed) {
        const unpacked = join(work.path, 'unpacked', name);
        await mkdir(unpacked, { recursive: true });
        await run('tar', ['-xzf', join(work.path, filename), '-C', unpacked]);
        const root = join(unpacked, 'package');
        const files = new Set(await filesUnder(root));
        expect([
          name,
          [...files].filter(f => f.includes('tsbuildinfo')),
        ]).toEqual([name, []]);
        for (const map of [...files].filter(f => f.endsWith('.map'))) {
          const { sources } = JSON.parse(
            await readFile(join(root, map), 'utf8'),
          ) as { sources: string[] };
          for (const source of sources) {
            const target = relative(
              root,
              resolve(join(root, map, '..'), source),
            );
            expect([name, map, files.has(target)]).toEqual([name, map, true]);
          }
        }
        const manifest = JSON.parse(
          await readFile(join(root, 'package.json'), 'utf8'),
        ) as Manifest;
        expect([name, manifest.engines, manifest.keywords?.[0]]).toEqual([
          name,
          { node: '>=20' },
          'mvent',
        ]);
        // One copy of core (and of the DTO libraries) in an app: the plugins take them as peers.
        if (name !== '@mvent/core' && name !== '@mvent/cli') {
          expect([name, manifest.dependencies?.['@mvent/core']]).toEqual([
            name,
            undefined,
          ]);
          expect(manifest.peerDependencies?.['@mvent/core']).toBe('^0.1.0');
        }
        const targets = Object.values(manifest.exports).flatMap(t =>
          typeof t === 'string' ? [t] : Object.values(t),
        );
        for (const target of [
          ...targets,
          ...Object.values(manifest.bin ?? {}),
        ]) {
          expect([name, target, files.has(relative('.', target))]).toEqual([
            name,
            target,
            true,
          ]);
        }
      }

      const app = join(work.path, 'app');
      await mkdir(app);
      const { manifest, lockfile } = await appWithLockfile(
        ROOT,
        Object.fromEntries(
          packed.map(p => [p.name, join(work.path, p.filename)]),
        ),
      );
      await writeFile(join(app, 'package.json'), JSON.stringify(manifest));
      await writeFile(join(app, 'package-lock.json'), JSON.stringify(lockfile));
      await copyFile(join(__dirname, 'packed-app.js'), join(app, 'app.js'));
      // From npm's cache, filled by the repository's `npm ci`: no test reaches the network.
      // No install script runs (pnpm's default, npm's coming one): the pool must open with
      // the addon prebuilt in the tarball.
      await run(
        'npm',
        [
          'ci',
          '--offline',
          '--omit=dev',
          '--ignore-scripts',
          '--no-audit',
          '--no-fund',
        ],
        {
          cwd: app,
          timeout: 300_000,
        },
      );
      const installed = join(app, 'node_modules', '@mvent', 'shared-memory');
      expect(await filesUnder(installed)).toEqual(
        expect.arrayContaining([
          join('prebuilds', `linux-${process.arch}`, 'node.napi.glibc.node'),
        ]),
      );
      expect(existsSync(join(installed, 'build'))).toBe(false);
      const data = join(work.path, 'data');
      await mkdir(data);
      const result = await run(process.execPath, ['app.js', data], {
        cwd: app,
      });
      expect(result.stdout).toBe(
        'event {"from":"a tarball"}\nrpc 200 {"total":42}\n' +
          'nats MS_MISSING_TRANSPORT_LIBRARY npm install @nats-io/transport-node @nats-io/jetstream\n',
      );
      const pools = await run(
        process.execPath,
        [join(app, 'node_modules', '.bin', 'mvent'), '--dir', data, 'pools'],
        { cwd: app },
      );
      expect(pools.stdout).toMatch(/^NAME .*\npacked /);
    } finally {
      await work.remove();
    }
  }, 600_000);
});
