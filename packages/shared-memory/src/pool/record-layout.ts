/**
 * The binary layout of stored records (pool entries and event-log records):
 *
 * ```
 * offset  size  field
 *      0     1  format      RECORD_FORMAT
 *      1     1  flags       bit 0: the payload is encrypted; bit 1: a log record that is also
 *                           its entry's new value (emit)
 *      2     2  nameLength  bytes of the event name (log records; 0 for entries)
 *      4     4  pid         writer process id
 *      8     8  version     entry version / log sequence number
 *     16     8  timestamp   write time, ms since the epoch
 *     24     8  expiresAt   ms since the epoch, 0 for never
 *     32     …  name (utf-8), then payload (msgpack, or an encryption envelope)
 * ```
 */
export const RECORD_FORMAT = 1;
export const FLAG_ENCRYPTED = 0b1;
export const FLAG_STORED = 0b10;
const OFFSET_FORMAT = 0;
/** Where a record keeps its flags byte. */
export const OFFSET_FLAGS = 1;
const OFFSET_NAME_LENGTH = 2;
const OFFSET_PID = 4;
const OFFSET_VERSION = 8;
const OFFSET_TIMESTAMP = 16;
const OFFSET_EXPIRES_AT = 24;
export const RECORD_HEADER_BYTES = 32;
/** Whether a Float64Array reads the little-endian numbers of a record as they are. */
const LITTLE_ENDIAN = new Uint8Array(new Uint16Array([1]).buffer)[0] === 1;

/** A record's fields; `payload` is the (possibly encrypted) encoded value. */
export interface StoredRecord {
  flags: number;
  pid: number;
  version: number;
  timestamp: number;
  expiresAt: number;
  name: string;
  payload: Buffer;
}

/** The fields a writer supplies; the version and name are passed beside them. */
export type RecordFields = Omit<StoredRecord, 'version' | 'name'>;

/**
 * Writes a record into a new buffer. The version and name come as arguments so that callers
 * reuse one `fields` object for an entry and its log record, rather than spreading it into a
 * new object each time (a spread made the publish path twice as slow).
 */
export function encodeRecord(
  fields: RecordFields,
  version: number,
  name: string,
): Buffer {
  const buffer = Buffer.allocUnsafe(recordBytes(fields, name));
  encodeRecordInto(buffer, fields, version, name);
  return buffer;
}

/** The most bytes a record of `fields` under `name` can take (UTF-8: 3 bytes per UTF-16 unit). */
export function maxRecordBytes(fields: RecordFields, name: string): number {
  return RECORD_HEADER_BYTES + 3 * name.length + fields.payload.length;
}

/** The bytes {@link encodeRecord} writes for `fields` under `name`. */
export function recordBytes(fields: RecordFields, name: string): number {
  return RECORD_HEADER_BYTES + Buffer.byteLength(name) + fields.payload.length;
}

/**
 * Writes a record at the start of `buffer` (of at least {@link recordBytes}); returns its
 * length. `float64`, when given, views the memory of `buffer` from the start of its
 * `ArrayBuffer` (the event log's scratch): the numbers are then stored through it rather than
 * byte by byte (with the name's loop and the payload's `set`, a third of the time).
 */
export function encodeRecordInto(
  buffer: Buffer,
  fields: RecordFields,
  version: number,
  name: string,
  float64?: Float64Array,
): number {
  const nameBytes = writeName(buffer, name);
  buffer[OFFSET_FORMAT] = RECORD_FORMAT;
  buffer[OFFSET_FLAGS] = fields.flags;
  buffer.writeUInt16LE(nameBytes, OFFSET_NAME_LENGTH);
  buffer.writeUInt32LE(fields.pid, OFFSET_PID);
  const at = doubleIndex(buffer, 0, float64);
  if (at < 0) {
    buffer.writeDoubleLE(version, OFFSET_VERSION);
    buffer.writeDoubleLE(fields.timestamp, OFFSET_TIMESTAMP);
    buffer.writeDoubleLE(fields.expiresAt, OFFSET_EXPIRES_AT);
  } else {
    float64![at + OFFSET_VERSION / 8] = version;
    float64![at + OFFSET_TIMESTAMP / 8] = fields.timestamp;
    float64![at + OFFSET_EXPIRES_AT / 8] = fields.expiresAt;
  }
  buffer.set(fields.payload, RECORD_HEADER_BYTES + nameBytes);
  return RECORD_HEADER_BYTES + nameBytes + fields.payload.length;
}

/**
 * Writes `name` after the header as UTF-8; returns its bytes. ASCII names (most event names)
 * are copied by a loop: for short names, a fifth of the time of `Buffer.write`.
 */
function writeName(bytes: Buffer, name: string): number {
  for (let i = 0; i < name.length; i++) {
    const code = name.charCodeAt(i);
    if (code >= 0x80) return bytes.write(name, RECORD_HEADER_BYTES);
    bytes[RECORD_HEADER_BYTES + i] = code;
  }
  return name.length;
}

/**
 * Reads the record at `start`..`end` of `bytes` (all of it by default), in place: only the
 * payload gets a view. `float64`, when given, views the memory of `bytes` from the start of
 * its `ArrayBuffer` (the event log's mapping): the numbers are then read through it.
 *
 * @returns `undefined` when the bytes are not a record of this format
 */
export function decodeRecord(
  bytes: Buffer,
  start = 0,
  end = bytes.length,
  float64?: Float64Array,
): StoredRecord | undefined {
  if (
    end - start < RECORD_HEADER_BYTES ||
    bytes[start + OFFSET_FORMAT] !== RECORD_FORMAT
  ) {
    return undefined;
  }
  const nameStart = start + RECORD_HEADER_BYTES;
  const nameEnd = nameStart + bytes.readUInt16LE(start + OFFSET_NAME_LENGTH);
  if (nameEnd > end) {
    return undefined;
  }
  const at = doubleIndex(bytes, start, float64);
  return {
    flags: bytes[start + OFFSET_FLAGS],
    pid: bytes.readUInt32LE(start + OFFSET_PID),
    version: readNumber(bytes, start, OFFSET_VERSION, float64, at),
    timestamp: readNumber(bytes, start, OFFSET_TIMESTAMP, float64, at),
    expiresAt: readNumber(bytes, start, OFFSET_EXPIRES_AT, float64, at),
    name: bytes.toString('utf8', nameStart, nameEnd),
    payload: bytes.subarray(nameEnd, end),
  };
}

/** The number at `offset` of the record at `start`: through `float64` at index `at`, if not -1. */
function readNumber(
  bytes: Buffer,
  start: number,
  offset: number,
  float64: Float64Array | undefined,
  at: number,
): number {
  return at < 0
    ? bytes.readDoubleLE(start + offset)
    : float64![at + offset / 8];
}

/**
 * The index in `float64` of the record at `start` of `bytes`, or -1 when its numbers must be
 * read byte by byte: no view, a record not 8-byte aligned (a damaged or foreign log), or a
 * big-endian host (records store them little-endian).
 */
function doubleIndex(
  bytes: Buffer,
  start: number,
  float64: Float64Array | undefined,
): number {
  const offset = bytes.byteOffset + start;
  return float64 && LITTLE_ENDIAN && offset % 8 === 0 ? offset / 8 : -1;
}

/** The expiry time stored in a record, read without decoding the rest. */
export function readExpiresAt(buffer: Buffer): number {
  return buffer.length < RECORD_HEADER_BYTES
    ? 0
    : buffer.readDoubleLE(OFFSET_EXPIRES_AT);
}

/** The version stored in a record, read without decoding the rest. */
export function readVersion(buffer: Buffer): number {
  return buffer.length < RECORD_HEADER_BYTES
    ? 0
    : buffer.readDoubleLE(OFFSET_VERSION);
}

/** The write time stored in a record, read without decoding the rest. */
export function readTimestamp(buffer: Buffer): number {
  return buffer.length < RECORD_HEADER_BYTES
    ? 0
    : buffer.readDoubleLE(OFFSET_TIMESTAMP);
}

/** Whether a record with this expiry time is expired at `now`. */
export function isExpired(expiresAt: number, now: number): boolean {
  return expiresAt !== 0 && expiresAt <= now;
}
