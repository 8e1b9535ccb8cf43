import type { KeyObject } from 'node:crypto';
import { createPrivateKey, createPublicKey } from 'node:crypto';

/** The DER prefixes of PKCS#8 for raw 32-byte X25519 and Ed25519 keys (RFC 8410). */
const PKCS8_PREFIXES = {
  x25519: '302e020100300506032b656e04220420',
  ed25519: '302e020100300506032b657004220420',
} as const;

/** The curve of a raw key. */
export type Curve = keyof typeof PKCS8_PREFIXES;

/** A private key object from its raw 32 bytes (X25519 private key, Ed25519 seed). */
export function privateKeyFromRaw(curve: Curve, raw: Buffer): KeyObject {
  assertLength(raw);
  return createPrivateKey({
    key: Buffer.concat([Buffer.from(PKCS8_PREFIXES[curve], 'hex'), raw]),
    format: 'der',
    type: 'pkcs8',
  });
}

const JWK_CURVES = { x25519: 'X25519', ed25519: 'Ed25519' } as const;

/**
 * A public key object from its raw 32 bytes. Through a JWK, not DER: OpenSSL's DER decoder
 * takes about 90 µs a key, the JWK path 7 µs, and every message carries an ephemeral key.
 */
export function publicKeyFromRaw(curve: Curve, raw: Buffer): KeyObject {
  assertLength(raw);
  return createPublicKey({
    key: { kty: 'OKP', crv: JWK_CURVES[curve], x: raw.toString('base64url') },
    format: 'jwk',
  });
}

/** The raw 32 bytes of a public key (its JWK `x`; the DER export costs 60 times more). */
export function rawPublicKey(key: KeyObject): Buffer {
  return Buffer.from(key.export({ format: 'jwk' }).x!, 'base64url');
}

function assertLength(raw: Buffer): void {
  if (raw.length !== 32) {
    throw new TypeError(`A raw key has 32 bytes, not ${raw.length}`);
  }
}
