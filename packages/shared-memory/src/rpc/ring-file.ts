import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { isAlive } from '../messaging/channel-name.util';
import type { NativeAddon } from '../native/native-addon';
import { loadNativeAddon, requireNativeAddon } from '../native/native-addon';
import { ringPairBytes } from './shared-ring';

/** Data bytes per ring: a frame larger than this streams through in pieces. */
export const RING_CAPACITY = 256 * 1024;
/** Bytes of a ring file: two rings, one per direction. */
export const RING_FILE_BYTES = ringPairBytes(RING_CAPACITY);

const RING_DIRECTORY = '/dev/shm';
const RING_PREFIX = 'mvent-ring-';
/** `mvent-ring-<pid>-<random>`: what a server accepts as a ring file name. */
const RING_NAME = /^mvent-ring-(\d+)-[0-9a-f]{16}$/;

/**
 * Whether this process can map ring files: the addon is built and there is a `/dev/shm`.
 * Memory RPC runs on its socket alone otherwise.
 */
export function ringsAvailable(): boolean {
  available ??= existsSync(RING_DIRECTORY) && loadNativeAddon() !== null;
  return available;
}

let available: boolean | undefined;

function mapperOrThrow(): NativeAddon {
  if (!ringsAvailable())
    throw new Error('Shared rings are not available here.');
  return requireNativeAddon('Shared-memory rings');
}

/**
 * Creates and maps a new ring file, owner-only, under a name no other file has. Files left
 * by killed processes are removed first.
 *
 * @throws when the addon is missing or the file cannot be created
 */
export function createRingFile(): { path: string; buffer: ArrayBuffer } {
  const native = mapperOrThrow();
  removeRingFilesOfDeadProcesses();
  const path = join(
    RING_DIRECTORY,
    `${RING_PREFIX}${process.pid}-${randomBytes(8).toString('hex')}`,
  );
  return { path, buffer: native.map(path, RING_FILE_BYTES, true) };
}

/**
 * Maps a ring file a caller offered, then removes its name: from then on only the two
 * mappings hold it. Only a regular file in the ring directory (no symlink), with a ring's
 * name and size, owned by this user, is accepted: a peer could name any path.
 *
 * @throws when the path or the file is not a ring file
 */
export function openOfferedRingFile(path: string): ArrayBuffer {
  const native = mapperOrThrow();
  const name = path.slice(RING_DIRECTORY.length + 1);
  if (!path.startsWith(`${RING_DIRECTORY}/`) || !RING_NAME.test(name)) {
    throw new Error(`${JSON.stringify(path)} is not a ring file name.`);
  }
  const buffer = native.map(path, RING_FILE_BYTES, false);
  removeRingFile(path);
  return buffer;
}

/** Removes a ring file's name (gone already is fine). */
export function removeRingFile(path: string): void {
  try {
    unlinkSync(path);
  } catch {
    // removed by the other end
  }
}

let sweptAlready = false;

/** Once per process: ring files whose creator died before handing them over. */
function removeRingFilesOfDeadProcesses(): void {
  if (sweptAlready) return;
  sweptAlready = true;
  for (const name of readdirSync(RING_DIRECTORY)) {
    const pid = RING_NAME.exec(name)?.[1];
    if (pid !== undefined && !isAlive(Number(pid))) {
      removeRingFile(join(RING_DIRECTORY, name));
    }
  }
}
