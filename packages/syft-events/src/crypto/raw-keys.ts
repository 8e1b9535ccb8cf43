import type { KeyObject } from 'node:crypto';
import { createPrivateKey, createPublicKey } from 'node:crypto';

/** The DER prefixes of PKCS#8 and SPKI for raw 32-byte X25519 and Ed25519 keys (RFC 8410). */
const PREFIXES = {
  x25519: {
    private: '302e020100300506032b656e04220420',
    public: '302a300506032b656e032100',
  },
  ed25519: {
    private: '302e020100300506032b657004220420',
    public: '302a300506032b6570032100',
  },
} as const;

/** The curve of a raw key. */
export type Curve = keyof typeof PREFIXES;

/** A private key object from its raw 32 bytes (X25519 private key, Ed25519 seed). */
export function privateKeyFromRaw(curve: Curve, raw: Buffer): KeyObject {
  assertLength(raw);
  return createPrivateKey({
    key: Buffer.concat([Buffer.from(PREFIXES[curve].private, 'hex'), raw]),
    format: 'der',
    type: 'pkcs8',
  });
}

/** A public key object from its raw 32 bytes. */
export function publicKeyFromRaw(curve: Curve, raw: Buffer): KeyObject {
  assertLength(raw);
  return createPublicKey({
    key: Buffer.concat([Buffer.from(PREFIXES[curve].public, 'hex'), raw]),
    format: 'der',
    type: 'spki',
  });
}

/** The raw 32 bytes of a public key (its SPKI without the prefix). */
export function rawPublicKey(key: KeyObject): Buffer {
  const der = key.export({ format: 'der', type: 'spki' });
  return der.subarray(der.length - 32);
}

function assertLength(raw: Buffer): void {
  if (raw.length !== 32) {
    throw new TypeError(`A raw key has 32 bytes, not ${raw.length}`);
  }
}
