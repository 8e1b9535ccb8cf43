import type { Options } from 'msgpackr';
import { Packr } from 'msgpackr';
import { EncryptionError } from '../errors/encryption.error';
import { UnsupportedValueError } from '../errors/unsupported-value.error';
import { FLAG_ENCRYPTED } from './record-layout';
import type { ValueCipher } from './value-cipher';

/**
 * A msgpackr codec for structured-clone values (objects, arrays, Date, Map, Set, typed
 * arrays, Buffer, bigint, Error). No `structures` are shared, so each value carries its own
 * record definitions and any process can decode it.
 */
export function createStructuredPackr(options: Options = {}): Packr {
  return new Packr({
    structuredClone: true,
    moreTypes: true,
    // Values are read from memory that is reused (LMDB pages, socket reads): decoded
    // Buffers must own their bytes.
    copyBuffers: true,
    ...options,
  });
}

/**
 * Encodes values structured-clone style with msgpackr (objects, arrays, Date, Map, Set,
 * typed arrays, Buffer, bigint, Error) and, for a keyed pool, seals them with the
 * {@link ValueCipher}. Decoding never executes stored code, unlike pickle.
 */
export class ValueCodec {
  private readonly packr = createStructuredPackr();

  constructor(private readonly cipher?: ValueCipher) {}

  /** `{ flags, payload }` for `value` stored under `key`. */
  encode(key: string, value: unknown): { flags: number; payload: Buffer } {
    if (typeof value === 'function' || typeof value === 'symbol') {
      throw new UnsupportedValueError(key, `a ${typeof value} is not data`);
    }
    let packed: Buffer;
    try {
      packed = this.packr.pack(value);
    } catch (error) {
      throw new UnsupportedValueError(key, (error as Error).message, error);
    }
    return this.cipher
      ? { flags: FLAG_ENCRYPTED, payload: this.cipher.seal(packed, key) }
      : { flags: 0, payload: packed };
  }

  /** The value of a stored payload. @throws EncryptionError on a key or integrity problem */
  decode(key: string, flags: number, payload: Buffer): unknown {
    const encrypted = (flags & FLAG_ENCRYPTED) !== 0;
    if (this.cipher && !encrypted) {
      throw EncryptionError.plaintextRefused(key);
    }
    if (!this.cipher && encrypted) {
      throw EncryptionError.keyRequired(key);
    }
    const packed = this.cipher ? this.cipher.open(payload, key) : payload;
    return this.packr.unpack(packed);
  }
}
