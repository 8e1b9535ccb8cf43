import {
  createCipheriv,
  createDecipheriv,
  createHmac,
  hkdfSync,
  randomBytes,
  timingSafeEqual,
} from 'node:crypto';
import { EncryptionError } from '../errors/encryption.error';

/**
 * Envelope format version, first byte of every encrypted value. Version 1 bound a value to
 * its key only, so an old ciphertext written back was accepted: it is refused.
 */
const ENVELOPE_VERSION = 2;
const IV_BYTES = 12;
const TAG_BYTES = 16;
const HEADER_BYTES = 1 + IV_BYTES + TAG_BYTES;
const CIPHER = 'aes-256-gcm';

/**
 * AES-256-GCM for pool values. The key is derived with HKDF-SHA256 from the user's
 * secret and the pool name. Each value is sealed as
 * `[version:1][iv:12][tag:16][ciphertext]`, with associated data that binds it to where it
 * is stored (see `SealContext`), so a value copied elsewhere fails authentication.
 */
export class ValueCipher {
  private readonly key: Buffer;
  private readonly checkKey: Buffer;

  constructor(secret: string | Uint8Array, poolName: string) {
    const material = typeof secret === 'string' ? Buffer.from(secret) : secret;
    const salt = Buffer.from(`mvent:pool:${poolName}`);
    this.key = Buffer.from(
      hkdfSync('sha256', material, salt, 'mvent value v1', 32),
    );
    this.checkKey = Buffer.from(
      hkdfSync('sha256', material, salt, 'mvent key check v1', 32),
    );
  }

  /** A value that proves knowledge of the key without revealing it, stored in the pool. */
  keyCheck(): Buffer {
    return createHmac('sha256', this.checkKey).update('mvent').digest();
  }

  /** Whether `check` was made with this key. */
  matches(check: Uint8Array): boolean {
    const own = this.keyCheck();
    return check.length === own.length && timingSafeEqual(own, check);
  }

  seal(plaintext: Uint8Array, associated: string): Buffer {
    const iv = randomBytes(IV_BYTES);
    const cipher = createCipheriv(CIPHER, this.key, iv);
    cipher.setAAD(Buffer.from(associated));
    const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
    return Buffer.concat([
      Buffer.from([ENVELOPE_VERSION]),
      iv,
      cipher.getAuthTag(),
      body,
    ]);
  }

  /**
   * @param name the key or event name, for the error's message
   * @throws EncryptionError when the envelope is unknown, the key wrong or the data tampered
   */
  open(envelope: Uint8Array, associated: string, name: string): Buffer {
    if (envelope.length < HEADER_BYTES || envelope[0] !== ENVELOPE_VERSION) {
      throw EncryptionError.decryptionFailed(name);
    }
    const bytes = Buffer.from(
      envelope.buffer,
      envelope.byteOffset,
      envelope.length,
    );
    try {
      const decipher = createDecipheriv(
        CIPHER,
        this.key,
        bytes.subarray(1, 1 + IV_BYTES),
      );
      decipher.setAAD(Buffer.from(associated));
      decipher.setAuthTag(bytes.subarray(1 + IV_BYTES, HEADER_BYTES));
      return Buffer.concat([
        decipher.update(bytes.subarray(HEADER_BYTES)),
        decipher.final(),
      ]);
    } catch (error) {
      throw EncryptionError.decryptionFailed(name, error);
    }
  }
}
