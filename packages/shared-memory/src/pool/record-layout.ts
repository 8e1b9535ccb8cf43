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

/** Writes a record at the start of `buffer` (of at least {@link recordBytes}); returns its length. */
export function encodeRecordInto(
  buffer: Buffer,
  fields: RecordFields,
  version: number,
  name: string,
): number {
  const nameBytes = buffer.write(name, RECORD_HEADER_BYTES);
  buffer.writeUInt8(RECORD_FORMAT, OFFSET_FORMAT);
  buffer.writeUInt8(fields.flags, OFFSET_FLAGS);
  buffer.writeUInt16LE(nameBytes, OFFSET_NAME_LENGTH);
  buffer.writeUInt32LE(fields.pid, OFFSET_PID);
  buffer.writeDoubleLE(version, OFFSET_VERSION);
  buffer.writeDoubleLE(fields.timestamp, OFFSET_TIMESTAMP);
  buffer.writeDoubleLE(fields.expiresAt, OFFSET_EXPIRES_AT);
  return (
    RECORD_HEADER_BYTES +
    nameBytes +
    fields.payload.copy(buffer, RECORD_HEADER_BYTES + nameBytes)
  );
}

/**
 * {@link encodeRecordInto} for a buffer that starts its `ArrayBuffer` (the log's scratch):
 * `float64` views the same memory, so the numbers are stored directly rather than byte by
 * byte; with ASCII names copied by a loop and the payload by `set`, it takes about a third of
 * the time.
 */
export function encodeAlignedRecordInto(
  bytes: Buffer,
  float64: Float64Array,
  fields: RecordFields,
  version: number,
  name: string,
): number {
  if (!LITTLE_ENDIAN || bytes.byteOffset !== 0) {
    return encodeRecordInto(bytes, fields, version, name);
  }
  const nameBytes = writeName(bytes, name);
  bytes[OFFSET_FORMAT] = RECORD_FORMAT;
  bytes[OFFSET_FLAGS] = fields.flags;
  bytes[OFFSET_NAME_LENGTH] = nameBytes & 0xff;
  bytes[OFFSET_NAME_LENGTH + 1] = nameBytes >> 8;
  bytes.writeUInt32LE(fields.pid, OFFSET_PID);
  float64[OFFSET_VERSION / 8] = version;
  float64[OFFSET_TIMESTAMP / 8] = fields.timestamp;
  float64[OFFSET_EXPIRES_AT / 8] = fields.expiresAt;
  bytes.set(fields.payload, RECORD_HEADER_BYTES + nameBytes);
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

/** Reads a record; `undefined` when the bytes are not a record of this format. */
export function decodeRecord(buffer: Buffer): StoredRecord | undefined {
  if (
    buffer.length < RECORD_HEADER_BYTES ||
    buffer.readUInt8(OFFSET_FORMAT) !== RECORD_FORMAT
  ) {
    return undefined;
  }
  const nameEnd = RECORD_HEADER_BYTES + buffer.readUInt16LE(OFFSET_NAME_LENGTH);
  if (nameEnd > buffer.length) {
    return undefined;
  }
  return {
    flags: buffer.readUInt8(OFFSET_FLAGS),
    pid: buffer.readUInt32LE(OFFSET_PID),
    version: buffer.readDoubleLE(OFFSET_VERSION),
    timestamp: buffer.readDoubleLE(OFFSET_TIMESTAMP),
    expiresAt: buffer.readDoubleLE(OFFSET_EXPIRES_AT),
    name: buffer.toString('utf8', RECORD_HEADER_BYTES, nameEnd),
    payload: buffer.subarray(nameEnd),
  };
}

/**
 * Reads the record at `start`..`end` of `bytes` in place, as {@link decodeRecord} reads
 * `bytes.subarray(start, end)`, for the event log's hot loops: `start` must be a multiple of 8
 * (the log's frames are aligned), so that `float64`, a view of the same memory from offset 0,
 * reads its numbers directly, and the only view made is the payload's.
 */
export function decodeAlignedRecord(
  bytes: Buffer,
  float64: Float64Array,
  start: number,
  end: number,
): StoredRecord | undefined {
  if (!LITTLE_ENDIAN || start % 8 !== 0) {
    // Numbers are stored little-endian; a log whose terms are not aligned is not this one's.
    return decodeRecord(bytes.subarray(start, end));
  }
  if (
    end - start < RECORD_HEADER_BYTES ||
    bytes[start + OFFSET_FORMAT] !== RECORD_FORMAT
  ) {
    return undefined;
  }
  const nameStart = start + RECORD_HEADER_BYTES;
  const nameEnd =
    nameStart +
    (bytes[start + OFFSET_NAME_LENGTH] |
      (bytes[start + OFFSET_NAME_LENGTH + 1] << 8));
  if (nameEnd > end) {
    return undefined;
  }
  const doubles = start / 8;
  return {
    flags: bytes[start + OFFSET_FLAGS],
    pid: bytes.readUInt32LE(start + OFFSET_PID),
    version: float64[doubles + OFFSET_VERSION / 8],
    timestamp: float64[doubles + OFFSET_TIMESTAMP / 8],
    expiresAt: float64[doubles + OFFSET_EXPIRES_AT / 8],
    name: bytes.toString('utf8', nameStart, nameEnd),
    payload: bytes.subarray(nameEnd, end),
  };
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
