import type { Options } from 'msgpackr';
import { Packr } from 'msgpackr';
import { EncryptionError } from '../errors/encryption.error';
import { UnsupportedValueError } from '../errors/unsupported-value.error';
import { JSON_MARK, jsonBytesOf, valueOfJsonBytes } from './json-values';
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
 * What a sealed value is bound to: the entry's key and version, or the log record's event name
 * and sequence number. A ciphertext copied to another key, version or place in the log no
 * longer authenticates.
 */
export interface SealContext {
  /** The entry's key, or the log record's event name. */
  name: string;
  /** The entry's version, or the log record's sequence number. */
  version: number;
  /** Whether it is a log record. */
  log: boolean;
}

/**
 * Encodes values structured-clone style: plain JSON data as JSON text (see
 * {@link jsonBytesOf}: fast from a process's first event), the rest with msgpackr (objects,
 * arrays, Date, Map, Set, typed arrays, Buffer, bigint, Error); and, for a keyed pool, seals
 * them with the {@link ValueCipher}, bound to their {@link SealContext}. Decoding never
 * executes stored code, unlike pickle. Packing and sealing are apart because a value is
 * packed before its write transaction and sealed in it, once its version and sequence
 * number are known.
 */
export class ValueCodec {
  private readonly packr = createStructuredPackr();

  constructor(private readonly cipher?: ValueCipher) {}

  /** Whether values are encrypted. */
  get encrypted(): boolean {
    return this.cipher !== undefined;
  }

  /** The bytes of `value`, stored under `key`. @throws UnsupportedValueError */
  pack(key: string, value: unknown): Buffer {
    if (typeof value === 'function' || typeof value === 'symbol') {
      throw new UnsupportedValueError(key, `a ${typeof value} is not data`);
    }
    try {
      return jsonBytesOf(value) ?? this.packr.pack(value);
    } catch (error) {
      throw new UnsupportedValueError(key, (error as Error).message, error);
    }
  }

  /** `{ flags, payload }` to store: the packed bytes, sealed in a keyed pool. */
  seal(
    packed: Buffer,
    context: SealContext,
  ): { flags: number; payload: Buffer } {
    return this.cipher
      ? {
          flags: FLAG_ENCRYPTED,
          payload: this.cipher.seal(packed, associatedData(context)),
        }
      : { flags: 0, payload: packed };
  }

  /** The value of a stored payload. @throws EncryptionError on a key or integrity problem */
  decode(context: SealContext, flags: number, payload: Buffer): unknown {
    const bytes = this.open(context, flags, payload);
    return bytes[0] === JSON_MARK
      ? valueOfJsonBytes(bytes)
      : this.packr.unpack(bytes);
  }

  /** The packed bytes of a stored payload. @throws EncryptionError on a key or integrity problem */
  open(context: SealContext, flags: number, payload: Buffer): Buffer {
    const encrypted = (flags & FLAG_ENCRYPTED) !== 0;
    if (this.cipher && !encrypted) {
      throw EncryptionError.plaintextRefused(context.name);
    }
    if (!this.cipher && encrypted) {
      throw EncryptionError.keyRequired(context.name);
    }
    return this.cipher
      ? this.cipher.open(payload, associatedData(context), context.name)
      : payload;
  }
}

/** The additional authenticated data of a sealed value. */
function associatedData({ name, version, log }: SealContext): string {
  return `${log ? 'log' : 'entry'}\u0000${version}\u0000${name}`;
}
