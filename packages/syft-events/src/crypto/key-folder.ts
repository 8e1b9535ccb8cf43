import type { Stats } from 'node:fs';
import { lstatSync, mkdirSync } from 'node:fs';
import { dirname } from 'node:path';
import { InvalidKeyBundleError } from '../errors/crypto.errors';

/**
 * Private keys are trusted only where no one else can have put them, as ssh trusts its
 * keys: `<parent>/.syftbox/<hash>/pvt.jwks.json`, both folders real folders (not links)
 * owned by this user and writable by no one else, the file a regular file of this user
 * that no one else may read. Another local user who plants a `.syftbox` link, or keys of
 * their own, is refused, never followed.
 */

/** This process's user, where the platform has one. */
const uid = process.getuid?.();

/**
 * Creates the folders of `keyFile` (0700) without following a planted link, and checks them.
 *
 * @throws InvalidKeyBundleError when one is a link, another user's, or writable by others
 */
export function preparePrivateKeyFolder(keyFile: string): void {
  const folder = dirname(keyFile);
  const base = dirname(folder);
  mkdirSync(dirname(base), { recursive: true });
  for (const dir of [base, folder]) {
    try {
      mkdirSync(dir, { mode: 0o700 }); // not recursive: an existing link is not gone through
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code !== 'EEXIST') throw error;
    }
    checkFolder(dir);
  }
}

/**
 * Checks a private key file and its folders before its keys are used.
 *
 * @throws InvalidKeyBundleError when they are not this user's alone
 */
export function checkPrivateKeyFile(keyFile: string): void {
  const folder = dirname(keyFile);
  checkFolder(dirname(folder));
  checkFolder(folder);
  const stats = lstatSync(keyFile);
  if (!stats.isFile()) {
    throw new InvalidKeyBundleError(keyFile, 'it is not a regular file');
  }
  checkOwner(keyFile, stats);
  if ((stats.mode & 0o077) !== 0) {
    throw new InvalidKeyBundleError(
      keyFile,
      `other users may read it (mode ${modeOf(stats)}): run chmod 600 on it, as syft-crypto writes it`,
    );
  }
}

function checkFolder(dir: string): void {
  const stats = lstatSync(dir);
  if (stats.isSymbolicLink()) {
    throw new InvalidKeyBundleError(
      dir,
      'the folder of private keys is a symbolic link: refusing to keep or read keys through it',
    );
  }
  if (!stats.isDirectory()) {
    throw new InvalidKeyBundleError(dir, 'it is not a folder');
  }
  checkOwner(dir, stats);
  if ((stats.mode & 0o022) !== 0) {
    throw new InvalidKeyBundleError(
      dir,
      `other users may write in this folder of private keys (mode ${modeOf(stats)}): run chmod 700 on it`,
    );
  }
}

function checkOwner(path: string, stats: Stats): void {
  if (uid !== undefined && stats.uid !== uid) {
    throw new InvalidKeyBundleError(
      path,
      `it belongs to uid ${stats.uid}, not to this user (uid ${uid}): private keys must be yours alone`,
    );
  }
}

function modeOf(stats: Stats): string {
  return (stats.mode & 0o777).toString(8).padStart(4, '0');
}
