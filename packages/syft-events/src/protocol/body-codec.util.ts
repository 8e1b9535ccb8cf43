/**
 * Envelope bodies: written as base64url **with** `=` padding (the Go client insists on it),
 * read from either base64 alphabet, padded or not (as pydantic does).
 */
const BASE64_PATTERN = /^[A-Za-z0-9+/_-]*={0,2}$/;

/** Encodes a body for an envelope; `null` stays `null`. */
export function encodeBody(body: Uint8Array | null): string | null {
  return body === null
    ? null
    : Buffer.from(body)
        .toString('base64url')
        .padEnd(Math.ceil(body.length / 3) * 4, '=');
}

/** Decodes an envelope body; `undefined` when it is neither `null` nor valid base64. */
export function decodeBody(value: unknown): Buffer | null | undefined {
  if (value === null) {
    return null;
  }
  if (
    typeof value !== 'string' ||
    !BASE64_PATTERN.test(value) ||
    value.replace(/=+$/, '').length % 4 === 1
  ) {
    return undefined;
  }
  return Buffer.from(value.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
}
