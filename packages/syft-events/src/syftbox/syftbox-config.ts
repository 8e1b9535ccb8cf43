import { existsSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import {
  CONFIG_PATH_ENV,
  DEFAULT_CONFIG_RELATIVE_PATH,
  EMBEDDED_DATA_DIR,
  EMBEDDED_EMAIL,
} from '../constants';
import { InvalidConfigError } from '../errors/invalid-config.error';

/**
 * Where SyftBox lives for this process.
 *
 * @publicApi
 */
export interface SyftBoxConfig {
  /** The user's email: the datasite this app serves. */
  email: string;
  /** The SyftBox folder. */
  dataDir: string;
  /** `<dataDir>/datasites`. */
  datasites: string;
  /** The config file it came from, or `'embedded'` for the built-in default. */
  source: string;
  /**
   * The SyftBox server (`server_url`): it names the folder of this user's private keys and
   * the host of its DID. @default 'https://syftbox.openmined.org' (syft-core 0.3's)
   */
  serverUrl?: string;
}

/** syft-core's default `server_url`. */
export const DEFAULT_SERVER_URL = 'https://syftbox.openmined.org';

/**
 * Finds the SyftBox config as syft-core does: `explicitPath`, then
 * `$SYFTBOX_CLIENT_CONFIG_PATH`, then `~/.syftbox/config.json`, then the legacy
 * `client_config.json` beside it. With none of them, the **embedded default**:
 * `~/.mvent/syftbox` as `user@mvent.local`, so everything runs on a bare machine.
 *
 * @throws InvalidConfigError when an explicitly named file is missing, or a file is unusable
 * @publicApi
 */
export function loadSyftBoxConfig(
  explicitPath?: string,
  env: NodeJS.ProcessEnv = process.env,
  home = homedir(),
): SyftBoxConfig {
  const named = explicitPath ?? env[CONFIG_PATH_ENV];
  if (named) {
    if (!existsSync(named)) {
      throw InvalidConfigError.notFound(named);
    }
    return readConfig(named);
  }
  const standard = join(home, DEFAULT_CONFIG_RELATIVE_PATH);
  for (const candidate of [
    standard,
    join(dirname(standard), 'client_config.json'),
  ]) {
    if (existsSync(candidate)) {
      return readConfig(candidate);
    }
  }
  const dataDir = join(home, EMBEDDED_DATA_DIR);
  return {
    email: EMBEDDED_EMAIL,
    dataDir,
    datasites: join(dataDir, 'datasites'),
    source: 'embedded',
  };
}

function readConfig(path: string): SyftBoxConfig {
  let raw: Record<string, unknown>;
  try {
    raw = JSON.parse(readFileSync(path, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    throw InvalidConfigError.invalid(path, (error as Error).message);
  }
  const email = raw.email;
  const dataDir = raw.data_dir ?? raw.sync_folder;
  if (typeof email !== 'string' || !/^[^@\s]+@[^@\s]+\.[^@\s]+$/.test(email)) {
    throw InvalidConfigError.invalid(path, '"email" must be an email address');
  }
  if (typeof dataDir !== 'string' || dataDir.length === 0) {
    throw InvalidConfigError.invalid(path, '"data_dir" must be a path');
  }
  const [local, domain] = email.split('@');
  const absolute = resolve(dataDir.replace(/^~(?=$|\/)/, homedir()));
  return {
    // pydantic's EmailStr lower-cases the domain.
    email: `${local}@${domain.toLowerCase()}`,
    dataDir: absolute,
    datasites: join(absolute, 'datasites'),
    source: path,
    serverUrl:
      typeof raw.server_url === 'string' ? raw.server_url : DEFAULT_SERVER_URL,
  };
}

/**
 * `config` itself when it is a config, else the one {@link loadSyftBoxConfig} finds from it
 * (a file path, or nothing for the usual places): what every `config` option accepts.
 *
 * @throws InvalidConfigError as {@link loadSyftBoxConfig}
 * @publicApi
 */
export function resolveSyftBoxConfig(
  config?: string | SyftBoxConfig,
): SyftBoxConfig {
  return typeof config === 'object' ? config : loadSyftBoxConfig(config);
}

/**
 * An app's folder in this user's datasite, `<datasites>/<email>/app_data/<app>`; its RPC
 * folder is `rpc/` under it.
 *
 * @publicApi
 */
export function appDataDir(config: SyftBoxConfig, appName: string): string {
  return join(config.datasites, config.email, 'app_data', appName);
}
