import { readFile } from 'node:fs/promises';
import { join } from 'node:path';

interface LockEntry {
  [field: string]: unknown;
  name?: string;
  version?: string;
  link?: boolean;
  optionalDependencies?: Record<string, string>;
}

/** The registry URL of a package's tarball, by which npm finds it in its cache. */
function tarballUrl(name: string, version: string): string {
  return `https://registry.npmjs.org/${name}/-/${name.split('/').pop()}-${version}.tgz`;
}

/**
 * An app that depends on the packed `tarballs` (name → path), with a lockfile: the
 * repository's own, its workspaces replaced by the tarballs and each package given its
 * registry URL. With it `npm ci --offline` installs every third-party package at the version
 * the repository tested, from npm's cache (filled by the repository's `npm ci`), so the test
 * never reaches the network. Other platforms' binary packages, which the repository's lockfile
 * cannot record (see the README), are added with their os and cpu, so npm skips them here.
 */
export async function appWithLockfile(
  root: string,
  tarballs: Record<string, string>,
): Promise<{ manifest: object; lockfile: object }> {
  const lock = JSON.parse(
    await readFile(join(root, 'package-lock.json'), 'utf8'),
  ) as {
    packages: Record<string, LockEntry>;
  };
  const dependencies = Object.fromEntries(
    Object.entries(tarballs).map(([name, path]) => [name, `file:${path}`]),
  );
  const packages: Record<string, LockEntry> = {
    '': { name: 'packed-app', dependencies },
  };
  for (const [path, entry] of Object.entries(lock.packages)) {
    if (!path.startsWith('node_modules/') || entry.link) continue;
    const name = path.slice(
      path.lastIndexOf('node_modules/') + 'node_modules/'.length,
    );
    packages[path] = { resolved: tarballUrl(name, entry.version!), ...entry };
    for (const [dependency, version] of Object.entries(
      entry.optionalDependencies ?? {},
    )) {
      const platform = /-(darwin|linux|win32)-(arm64|x64|arm)$/.exec(
        dependency,
      );
      if (!platform || `node_modules/${dependency}` in lock.packages) continue;
      packages[`node_modules/${dependency}`] = {
        version,
        resolved: tarballUrl(dependency, version),
        optional: true,
        os: [platform[1]],
        cpu: [platform[2]],
      };
    }
  }
  for (const [name, file] of Object.entries(tarballs)) {
    const folder = Object.keys(lock.packages).find(
      key =>
        !key.startsWith('node_modules/') && lock.packages[key].name === name,
    )!;
    const {
      name: _name,
      devDependencies: _dev,
      ...workspace
    } = lock.packages[folder];
    packages[`node_modules/${name}`] = {
      ...workspace,
      resolved: `file:${file}`,
    };
  }
  return {
    manifest: { name: 'packed-app', private: true, dependencies },
    lockfile: {
      name: 'packed-app',
      lockfileVersion: 3,
      requires: true,
      packages,
    },
  };
}
