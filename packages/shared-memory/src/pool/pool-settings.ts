import { Logger } from '@mvent/core';
import { PoolFormatError } from '../errors/pool-format.error';
import type { LmdbStore } from './lmdb-store';

/** The settings every process of a pool must share: the first process to open it decides. */
export interface PoolSettings {
  /** Largest pool entries, in bytes. */
  maxPoolBytes: number;
  /** The event log's size, in bytes: it keeps the latest events that fit. */
  logBytes: number;
  /** Replays and histories leave out events older than this many ms. */
  retentionAgeMs: number;
}

/**
 * The layout of entries, log records and metadata that this version writes and reads. 2: the
 * events moved from LMDB to the event log file. 3: `emit` writes to the log only, and the
 * entries are folded from it.
 */
export const POOL_LAYOUT = 3;
const SETTINGS_META = 'settings';

interface StoredSettings extends PoolSettings {
  layout: number;
}

const logger = new Logger('SharedMemoryPool');

/**
 * The pool's settings: the ones it was created with, stored in its metadata, or `requested`
 * when this process creates it. Processes that disagree would enforce different limits on
 * one pool, so the stored settings win and a differing request is logged.
 *
 * @throws PoolFormatError when the pool was written in another layout
 */
export function adoptPoolSettings(
  store: LmdbStore,
  name: string,
  requested: PoolSettings,
): PoolSettings {
  const stored = store.transaction(() => {
    const found = store.getMeta<StoredSettings>(SETTINGS_META);
    if (!found) {
      store.putMeta(SETTINGS_META, { layout: POOL_LAYOUT, ...requested });
    }
    return found;
  });
  if (!stored) {
    return requested;
  }
  if (stored.layout !== POOL_LAYOUT) {
    throw new PoolFormatError(name, stored.layout, POOL_LAYOUT);
  }
  const settings: PoolSettings = {
    maxPoolBytes: stored.maxPoolBytes,
    logBytes: stored.logBytes,
    retentionAgeMs: stored.retentionAgeMs,
  };
  const differing = (Object.keys(settings) as (keyof PoolSettings)[]).filter(
    key => settings[key] !== requested[key],
  );
  if (differing.length > 0) {
    logger.warn(
      `Pool "${name}" was created with ${differing.map(key => `${key} ${settings[key]}`).join(', ')}; this process asked for ${differing.map(key => requested[key]).join(', ')} and uses the pool's. Remove the pool (no process attached) to change them.`,
    );
  }
  return settings;
}
