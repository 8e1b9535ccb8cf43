import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  InvalidSyftUrlError,
  loadSyftBoxConfig,
  SyftBoxURL,
} from '@mvent/syft-events';
import { createTempDir } from '@mvent/testing';
import type { TempDir } from '@mvent/testing';

describe('SyftBoxURL', () => {
  it('should parse host, path and an undecoded query like syft-core', () => {
    const url = SyftBoxURL.parse(
      'syft://alice@example.com/app_data/demo/rpc/echo?x=1&y=a%20b',
    );
    expect([url.host, url.path, url.query]).toEqual([
      'alice@example.com',
      '/app_data/demo/rpc/echo',
      { x: '1', y: 'a%20b' },
    ]);
    expect(url.toString()).toBe(
      'syft://alice@example.com/app_data/demo/rpc/echo?x=1&y=a%20b',
    );
    expect(
      SyftBoxURL.forEndpoint(
        'alice@example.com',
        'demo',
        '/v1/ping',
      ).toString(),
    ).toBe('syft://alice@example.com/app_data/demo/rpc/v1/ping');
  });

  it.each([
    'syft://alice/x',
    'http://alice@example.com/x',
    'syft://a@b.com?x=1',
    42,
  ])('should reject %p', url => {
    expect(() => SyftBoxURL.parse(url)).toThrow(InvalidSyftUrlError);
  });

  it('should map to a local path and refuse to leave the datasite', () => {
    const url = SyftBoxURL.parse(
      'syft://alice@example.com/app_data/demo/rpc/add',
    );
    expect(url.toLocalPath('/data/datasites')).toBe(
      '/data/datasites/alice@example.com/app_data/demo/rpc/add',
    );
    expect(() =>
      SyftBoxURL.parse(
        'syft://alice@example.com/../bob@example.com/x',
      ).toLocalPath('/data/datasites'),
    ).toThrow(/leaves its datasite/);
    expect(
      SyftBoxURL.fromLocalPath(
        '/data/datasites/alice@example.com/app_data',
        '/data/datasites',
      ).toString(),
    ).toBe('syft://alice@example.com/app_data');
    expect(() =>
      SyftBoxURL.fromLocalPath('/etc/passwd', '/data/datasites'),
    ).toThrow(InvalidSyftUrlError);
  });
});

describe('loadSyftBoxConfig', () => {
  let dir: TempDir;
  beforeEach(async () => {
    dir = await createTempDir('mvent-syftcfg-');
  });
  afterEach(() => dir.remove());

  const writeConfig = (path: string, config: object) => {
    mkdirSync(join(path, '..'), { recursive: true });
    writeFileSync(path, JSON.stringify(config));
    return path;
  };

  it('should prefer the explicit path, then the environment, then ~/.syftbox, then the legacy file', () => {
    const home = dir.path;
    const legacy = writeConfig(join(home, '.syftbox/client_config.json'), {
      email: 'legacy@x.org',
      data_dir: '/l',
    });
    expect(loadSyftBoxConfig(undefined, {}, home)).toMatchObject({
      email: 'legacy@x.org',
      source: legacy,
    });
    writeConfig(join(home, '.syftbox/config.json'), {
      email: 'Home@Example.COM',
      data_dir: '/h',
    });
    expect(loadSyftBoxConfig(undefined, {}, home)).toMatchObject({
      email: 'Home@example.com',
      datasites: '/h/datasites',
    });
    const fromEnv = writeConfig(join(home, 'env.json'), {
      email: 'env@x.org',
      sync_folder: '/e',
    });
    expect(
      loadSyftBoxConfig(
        undefined,
        { SYFTBOX_CLIENT_CONFIG_PATH: fromEnv },
        home,
      ).email,
    ).toBe('env@x.org');
    const explicit = writeConfig(join(home, 'explicit.json'), {
      email: 'me@x.org',
      data_dir: '/m',
    });
    expect(
      loadSyftBoxConfig(explicit, { SYFTBOX_CLIENT_CONFIG_PATH: fromEnv }, home)
        .email,
    ).toBe('me@x.org');
  });

  it('should fall back to the embedded default, and reject missing or invalid files', () => {
    expect(loadSyftBoxConfig(undefined, {}, dir.path)).toEqual({
      email: 'user@mvent.local',
      dataDir: join(dir.path, '.mvent/syftbox'),
      datasites: join(dir.path, '.mvent/syftbox/datasites'),
      source: 'embedded',
    });
    expect(() =>
      loadSyftBoxConfig(join(dir.path, 'nope.json'), {}, dir.path),
    ).toThrow(expect.objectContaining({ code: 'SYFT_INVALID_CONFIG' }));
    const bad = writeConfig(join(dir.path, 'bad.json'), {
      email: 'not-an-email',
      data_dir: '/x',
    });
    expect(() => loadSyftBoxConfig(bad, {}, dir.path)).toThrow(
      /"email" must be an email address/,
    );
  });
});
