import {
  closeSync,
  ftruncateSync,
  linkSync,
  openSync,
  statSync,
  unlinkSync,
} from 'node:fs';
import { join } from 'node:path';
import { PoolFormatError } from '../errors/pool-format.error';
import type { NativeAddon } from '../native/native-addon';
import { diskFullError } from '../pool/storage-error.util';
import {
  LOG_MAGIC,
  INDEX_BYTES,
  LOG_VERSION,
  META_BYTES,
  OFFSET,
  TERM_COUNT,
} from './log-layout';

/** The event log's file in a pool's folder. */
export const LOG_FILE = 'events.log';

/** A mapped log file. */
export interface MappedLog {
  buffer: ArrayBuffer;
  termBytes: number;
}

/**
 * Maps the event log of the pool at `path`, creating it with terms of `termBytes` if it does
 * not exist: built aside, its blocks allocated (so that a full tmpfs is an error now, not a
 * SIGBUS on a later write), then linked into place, so that a process never maps half a
 * file. An existing log keeps the term size it was created with.
 *
 * @throws PoolFullError when the file system has no room for a new log
 * @throws PoolFormatError when the file is not a log of this version
 */
export function mapEventLog(
  native: NativeAddon,
  path: string,
  name: string,
  termBytes: number,
): MappedLog {
  const file = join(path, LOG_FILE);
  if (!exists(file)) create(native, path, file, name, termBytes);
  const size = statSync(file).size;
  const buffer = native.map(file, size, false);
  const header = new DataView(buffer, 0, META_BYTES);
  const stored = Number(header.getBigInt64(OFFSET.termBytes, true));
  if (
    header.getUint32(OFFSET.magic, true) !== LOG_MAGIC ||
    header.getUint32(OFFSET.version, true) !== LOG_VERSION ||
    size !== logFileBytes(stored)
  ) {
    throw new PoolFormatError(
      name,
      `event log ${header.getUint32(OFFSET.version, true)}`,
      LOG_VERSION,
    );
  }
  return { buffer, termBytes: stored };
}

function create(
  native: NativeAddon,
  path: string,
  file: string,
  name: string,
  termBytes: number,
): void {
  const aside = `${file}.${process.pid}.new`;
  const size = logFileBytes(termBytes);
  const fd = openSync(aside, 'w', 0o600);
  try {
    ftruncateSync(fd, size);
    if (!native.reserve(fd, 0, size)) throw diskFullError(name, path);
    const mapped = native.map(aside, size, false);
    native.logInit(mapped, termBytes);
    native.unmap(mapped);
    try {
      linkSync(aside, file);
    } catch (error) {
      // Another process linked its log first: this one is not needed.
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
  } finally {
    closeSync(fd);
    unlinkSync(aside);
  }
}

/** The log file's size: metadata, terms, key index. */
function logFileBytes(termBytes: number): number {
  return META_BYTES + TERM_COUNT * termBytes + INDEX_BYTES;
}

function exists(file: string): boolean {
  try {
    statSync(file);
    return true;
  } catch {
    return false;
  }
}
