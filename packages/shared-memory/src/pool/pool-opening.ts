import { join } from 'node:path';
import {
  DEFAULT_LOG_BYTES,
  DEFAULT_MAX_POOL_BYTES,
  DEFAULT_MAX_VALUE_BYTES,
  DEFAULT_RETENTION_AGE_MS,
} from '../constants';
import { EncryptionError } from '../errors/encryption.error';
import { EventLog } from '../event-log/event-log';
import { TERM_COUNT } from '../event-log/log-layout';
import { PoolEventLog } from '../event-log/pool-event-log';
import type { SharedMemoryOptions } from '../interfaces/shared-memory-options.interface';
import { parseDuration } from './duration.util';
import { LmdbStore } from './lmdb-store';
import { ensureOwnedDirectory } from './owned-directory.util';
import {
  assertValidPoolName,
  defaultPoolsDirectory,
} from './pool-location.util';
import type { PoolSettings } from './pool-settings';
import { adoptPoolSettings } from './pool-settings';
import { ValueCipher } from './value-cipher';
import { ValueCodec } from './value-codec';

const KEY_CHECK_META = 'keycheck';

/** What a pool is made of once opened. */
export interface OpenedPool extends PoolSettings {
  name: string;
  path: string;
  maxValueBytes: number;
  store: LmdbStore;
  codec: ValueCodec;
  events: PoolEventLog;
  encrypted: boolean;
}

/**
 * Opens the pool `options` names: its owner-only folder, its store with the settings the pool
 * was created with, the encryption key checked against the pool's, and its event log. What
 * was opened is closed again when a later step fails.
 *
 * @throws InvalidPoolNameError, UnsafeDirectoryError, PoolFormatError, EncryptionError
 */
export function openPool(options: SharedMemoryOptions): OpenedPool {
  assertValidPoolName(options.name);
  const name = options.name;
  const folder = options.dir ?? defaultPoolsDirectory();
  const path = join(folder, name);
  ensureOwnedDirectory(folder, 'pools folder');
  ensureOwnedDirectory(path, 'pool');
  const requested: PoolSettings = {
    maxPoolBytes: options.maxPoolBytes ?? DEFAULT_MAX_POOL_BYTES,
    logBytes: options.retention?.bytes ?? DEFAULT_LOG_BYTES,
    retentionAgeMs: parseDuration(
      options.retention?.age ?? DEFAULT_RETENTION_AGE_MS,
    ),
  };
  const store = LmdbStore.acquire(path, {
    name,
    mapSize: mapSizeFor(requested.maxPoolBytes),
  });
  try {
    const cipher = options.encryptionKey
      ? new ValueCipher(options.encryptionKey, name)
      : undefined;
    const settings = adoptPoolSettings(store, name, requested);
    if (cipher) checkKey(store, name, cipher);
    const codec = new ValueCodec(cipher);
    const log = EventLog.acquire(path, name, termBytesFor(settings.logBytes));
    store.countCommitsWith(() => log.countStoreCommit());
    const events = new PoolEventLog(log, codec, settings.retentionAgeMs);
    return {
      ...settings,
      name,
      path,
      maxValueBytes: options.maxValueBytes ?? DEFAULT_MAX_VALUE_BYTES,
      store,
      codec,
      events,
      encrypted: cipher !== undefined,
    };
  } catch (error) {
    void store.close();
    throw error;
  }
}

/** Stores the key's check value in a new pool, or checks it against the pool's. */
function checkKey(store: LmdbStore, name: string, cipher: ValueCipher): void {
  store.transaction(() => {
    const check = store.getMeta<Uint8Array>(KEY_CHECK_META);
    if (!check) {
      store.putMeta(KEY_CHECK_META, cipher.keyCheck());
    } else if (!cipher.matches(check)) {
      throw EncryptionError.wrongKey(name);
    }
  });
}

/**
 * LMDB's map size for a pool: address space, not memory (the map is read-only and the file
 * grows page by page), with room for the B-tree and for pages still read by old snapshots.
 */
function mapSizeFor(maxPoolBytes: number): number {
  const MIB = 1024 * 1024;
  return Math.ceil((maxPoolBytes * 2) / MIB) * MIB + 64 * MIB;
}

/** The event log's term size for `logBytes`: a quarter, in whole pages, 64 KiB at least. */
function termBytesFor(logBytes: number): number {
  const PAGE = 4096;
  return Math.max(16 * PAGE, Math.floor(logBytes / TERM_COUNT / PAGE) * PAGE);
}
