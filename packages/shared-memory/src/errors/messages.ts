/** Message builders of `@mvent/shared-memory`'s errors. */

export const INVALID_POOL_NAME_MESSAGE = (name: unknown): string =>
  `Invalid pool name ${JSON.stringify(name)}: use 1 to 100 letters, digits, '.', '_' or '-', not starting with '.'. Pool names never contain path separators, so a pool cannot escape its directory.`;

export const VALUE_TOO_LARGE_MESSAGE = (
  key: string,
  size: number,
  limit: number,
): string =>
  `The value for "${key}" is ${size} bytes encoded, over the limit of ${limit} bytes (maxValueBytes). Nothing was written.`;

export const POOL_FULL_MESSAGE = (
  pool: string,
  used: number,
  needed: number,
  limit: number,
): string =>
  `Pool "${pool}" is full: ${used} of ${limit} bytes used and this write needs ${needed} more (maxPoolBytes). Nothing was written; delete entries, shorten TTLs or lower the event retention.`;

export const DECRYPTION_FAILED_MESSAGE = (key: string): string =>
  `Cannot decrypt the value of "${key}": the encryption key is wrong or the data was tampered with.`;

export const WRONG_KEY_MESSAGE = (pool: string): string =>
  `The encryption key does not match the one pool "${pool}" was created with.`;

export const PLAINTEXT_IN_ENCRYPTED_POOL_MESSAGE = (key: string): string =>
  `"${key}" holds a plaintext value in a pool opened with an encryption key; it is refused, never trusted.`;

export const KEY_REQUIRED_MESSAGE = (key: string): string =>
  `The value of "${key}" is encrypted: open the pool with its \`encryptionKey\` to read it.`;

export const UNSUPPORTED_VALUE_MESSAGE = (
  key: string,
  reason: string,
): string =>
  `The value for "${key}" cannot be stored: ${reason}. Values may be plain objects, arrays, strings, numbers, booleans, null, Date, Map, Set, typed arrays and Buffer.`;

export const INVALID_DURATION_MESSAGE = (
  value: unknown,
  unit: 'ms' | 's',
): string =>
  unit === 'ms'
    ? `Invalid duration ${JSON.stringify(value)}: use a number of milliseconds (the Nest-style API's unit; the Python-named classes take seconds) or a string such as "250ms", "5s", "1d2h30m".`
    : `Invalid duration ${JSON.stringify(value)}: use a number of seconds (as in Python; the Nest-style API takes milliseconds) or a string such as "250ms", "5s", "1d2h30m".`;

export const POOL_CLOSED_MESSAGE = (pool: string): string =>
  `Pool "${pool}" is closed.`;

export const POOL_DISK_FULL_MESSAGE = (
  pool: string,
  path: string,
  available: number,
): string =>
  `Pool "${pool}" is full: the file system that holds ${path} has ${available} bytes free, too few for this write. Nothing was written. Make the file system larger (Docker: --shm-size), lower maxPoolBytes below its size, or put the pool elsewhere with the \`dir\` option.`;

export const NATIVE_ADDON_MISSING_MESSAGE = (
  feature: string,
  addonPath: string,
): string =>
  `${feature} need the native addon of @mvent/shared-memory, which was not built at install (none in ${addonPath} fits this machine, and none was compiled). Potential solutions:\n- install a C compiler (Debian: apt-get install gcc libc6-dev), then run: npm rebuild @mvent/shared-memory\n- look for the "native addon NOT built" line in the install output: it says what was missing`;

export const POOL_FORMAT_MESSAGE = (
  pool: string,
  found: unknown,
  expected: number,
): string =>
  `Pool "${pool}" was written in layout ${JSON.stringify(found)}, and this version of @mvent/shared-memory reads layout ${expected}. Close every process that uses it and remove the pool (or use another name).`;

export const UNSAFE_DIRECTORY_MESSAGE = (
  what: string,
  path: string,
  problem: string,
): string =>
  `The ${what} ${path} ${problem}: another local user could read and change its pools, forge events and answer memory-RPC calls in this process's place. It is refused. Potential solutions:\n- if it is yours and only its mode is wrong: chmod 700 ${path}\n- if another user made it, or it is a link: remove it (after checking what it holds), or\n- use a folder of your own with the \`dir\` option (the default is per user: /dev/shm/mvent-<uid>)`;
