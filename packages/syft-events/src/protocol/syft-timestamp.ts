/**
 * An envelope timestamp with microsecond precision and its UTC offset, so a timestamp
 * read from a file is written back exactly as Python would (`datetime.isoformat()`).
 * Reads Python's `2026-11-22T08:43:57.061553+00:00` and Go's `…57.061553123Z` (nanoseconds
 * truncated to microseconds, as pydantic does). Naive timestamps are refused.
 *
 * @publicApi
 */
export class SyftTimestamp {
  private static readonly PATTERN =
    /^(\d{4})-(\d{2})-(\d{2})[T ](\d{2}):(\d{2}):(\d{2})(?:\.(\d{1,9}))?(Z|[+-]\d{2}:?\d{2})$/i;

  private constructor(
    /** Microseconds since the epoch. */
    readonly epochMicros: number,
    /** The offset from UTC it was written with, in minutes. */
    readonly offsetMinutes: number,
  ) {}

  /** Now, in UTC. */
  static now(): SyftTimestamp {
    return SyftTimestamp.fromMillis(Date.now());
  }

  static fromMillis(millis: number, offsetMinutes = 0): SyftTimestamp {
    return new SyftTimestamp(Math.round(millis) * 1000, offsetMinutes);
  }

  /** Parses an ISO-8601 timestamp with an offset; `undefined` when it is not one. */
  static parse(text: unknown): SyftTimestamp | undefined {
    const match =
      typeof text === 'string' ? SyftTimestamp.PATTERN.exec(text.trim()) : null;
    if (!match) {
      return undefined;
    }
    const [, y, mo, d, h, mi, s, fraction = '', zone] = match;
    const utcMillis = Date.UTC(+y, +mo - 1, +d, +h, +mi, +s);
    if (Number.isNaN(utcMillis) || new Date(utcMillis).getUTCDate() !== +d) {
      return undefined;
    }
    const offsetMinutes = parseOffset(zone);
    const micros = Number(fraction.padEnd(6, '0').slice(0, 6));
    return new SyftTimestamp(
      (utcMillis - offsetMinutes * 60_000) * 1000 + micros,
      offsetMinutes,
    );
  }

  /** Milliseconds since the epoch. */
  get millis(): number {
    return Math.floor(this.epochMicros / 1000);
  }

  /** Adds `ms` milliseconds. */
  plus(ms: number): SyftTimestamp {
    return new SyftTimestamp(this.epochMicros + ms * 1000, this.offsetMinutes);
  }

  /** Python's `isoformat()`: `YYYY-MM-DDTHH:MM:SS[.ffffff]±HH:MM`. */
  toString(): string {
    const local = this.epochMicros + this.offsetMinutes * 60_000_000;
    const micros = ((local % 1_000_000) + 1_000_000) % 1_000_000;
    const base = new Date((local - micros) / 1000).toISOString().slice(0, 19);
    const fraction = micros === 0 ? '' : `.${String(micros).padStart(6, '0')}`;
    return `${base}${fraction}${formatOffset(this.offsetMinutes)}`;
  }

  toJSON(): string {
    return this.toString();
  }
}

function parseOffset(zone: string): number {
  if (zone.toUpperCase() === 'Z') {
    return 0;
  }
  const digits = zone.replace(':', '');
  const minutes = Number(digits.slice(1, 3)) * 60 + Number(digits.slice(3, 5));
  return digits[0] === '-' ? -minutes : minutes;
}

function formatOffset(minutes: number): string {
  const sign = minutes < 0 ? '-' : '+';
  const abs = Math.abs(minutes);
  return `${sign}${String(Math.floor(abs / 60)).padStart(2, '0')}:${String(abs % 60).padStart(2, '0')}`;
}
