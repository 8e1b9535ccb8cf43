import {
  DECRYPTION_FAILED_MESSAGE,
  KEY_REQUIRED_MESSAGE,
  PLAINTEXT_IN_ENCRYPTED_POOL_MESSAGE,
  WRONG_KEY_MESSAGE,
} from './messages';
import { SharedMemoryError } from './shared-memory.error';

/**
 * Encrypted data could not be used: a wrong key, tampered bytes, a plaintext entry in an
 * encrypted pool, or an encrypted pool opened without a key. mvent never falls back to
 * plaintext. `code` tells which case it is.
 *
 * @publicApi
 */
export class EncryptionError extends SharedMemoryError {
  private constructor(code: string, message: string, cause?: unknown) {
    super(code, message, { cause });
  }

  /** Authentication of the value of `key` failed (wrong key or tampering). */
  static decryptionFailed(key: string, cause?: unknown) {
    return new EncryptionError(
      'SHM_DECRYPTION_FAILED',
      DECRYPTION_FAILED_MESSAGE(key),
      cause,
    );
  }

  /** The key does not match the pool's key check. */
  static wrongKey(pool: string) {
    return new EncryptionError('SHM_WRONG_KEY', WRONG_KEY_MESSAGE(pool));
  }

  /** A keyed pool found a plaintext value. */
  static plaintextRefused(key: string) {
    return new EncryptionError(
      'SHM_PLAINTEXT_REFUSED',
      PLAINTEXT_IN_ENCRYPTED_POOL_MESSAGE(key),
    );
  }

  /** An encrypted value was read by a pool opened without a key. */
  static keyRequired(key: string) {
    return new EncryptionError('SHM_KEY_REQUIRED', KEY_REQUIRED_MESSAGE(key));
  }
}
