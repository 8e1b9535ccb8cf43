import type { KeyObject } from 'node:crypto';
import {
  createHash,
  diffieHellman,
  generateKeyPairSync,
  verify,
} from 'node:crypto';
import { InvalidKeyBundleError } from '../errors/crypto.errors';
import { privateKeyFromRaw, publicKeyFromRaw } from './raw-keys';

/**
 * One identity's private keys, as syft-crypto's `pvt.jwks.json` holds them.
 *
 * @publicApi
 */
export interface PrivateKeys {
  /** Ed25519: signs the signed prekey. */
  identityKey: KeyObject;
  /** X25519: the key of every Diffie-Hellman. */
  signedPrekey: KeyObject;
}

/**
 * A peer's public keys, from its `did.json`, with the prekey's signature verified.
 *
 * @publicApi
 */
export interface PublicBundle {
  did: string;
  identityKey: KeyObject;
  signedPrekey: KeyObject;
}

/**
 * The folder name of an identity's private keys, `<data_dir parent>/.syftbox/<hash>/`:
 * `sha256("<server_url>::<email>")`'s first 8 hex digits, the URL with the trailing slash
 * pydantic gives it.
 *
 * @publicApi
 */
export function keyFolderHash(serverUrl: string, email: string): string {
  const url = new URL(serverUrl).toString(); // "http://127.0.0.1:9" -> "http://127.0.0.1:9/"
  return createHash('sha256')
    .update(`${url}::${email}`)
    .digest('hex')
    .slice(0, 8);
}

/**
 * Reads `pvt.jwks.json`.
 *
 * @throws InvalidKeyBundleError when a key is missing or not 32 bytes
 */
export function parsePrivateKeys(text: string, source: string): PrivateKeys {
  const keys = parseJson(text, source) as Record<string, Jwk | undefined>;
  return {
    identityKey: privateKeyFromRaw(
      'ed25519',
      bytesOf(keys.identity_key, 'd', 'Ed25519', source),
    ),
    signedPrekey: privateKeyFromRaw(
      'x25519',
      bytesOf(keys.signed_prekey, 'd', 'X25519', source),
    ),
  };
}

/**
 * Reads a `did.json` and checks that its identity key signed its prekey.
 *
 * @throws InvalidKeyBundleError when a key is missing or the signature does not verify
 */
export function parseDidDocument(text: string, source: string): PublicBundle {
  const document = parseJson(text, source) as {
    id?: unknown;
    verificationMethod?: { id?: string; publicKeyJwk?: Jwk }[];
    keyAgreement?: { id?: string; publicKeyJwk?: Jwk }[];
  };
  const find = (entries: typeof document.keyAgreement, suffix: string) =>
    entries?.find(entry => entry.id?.endsWith(suffix))?.publicKeyJwk;
  const identity = find(document.verificationMethod, '#identity-key');
  const prekey = find(document.keyAgreement, '#signed-prekey');
  const identityRaw = bytesOf(identity, 'x', 'Ed25519', source);
  const prekeyRaw = bytesOf(prekey, 'x', 'X25519', source);
  const identityKey = publicKeyFromRaw('ed25519', identityRaw);
  const signature = Buffer.from(String(prekey?.signature ?? ''), 'base64url');
  if (
    signature.length !== 64 ||
    !verify(null, prekeyRaw, identityKey, signature)
  ) {
    throw new InvalidKeyBundleError(
      source,
      'the signed prekey signature does not verify',
    );
  }
  const signedPrekey = publicKeyFromRaw('x25519', prekeyRaw);
  if (isLowOrder(signedPrekey)) {
    throw new InvalidKeyBundleError(
      source,
      'the signed prekey is of low order (no shared secret can come of it)',
    );
  }
  return {
    did: typeof document.id === 'string' ? document.id : '',
    identityKey,
    signedPrekey,
  };
}

/** A key pair of no one's, to try a public key with: a low-order key agrees on nothing. */
let probeKey: KeyObject | undefined;

function isLowOrder(publicKey: KeyObject): boolean {
  probeKey ??= generateKeyPairSync('x25519').privateKey;
  try {
    diffieHellman({ privateKey: probeKey, publicKey });
    return false;
  } catch {
    return true;
  }
}

interface Jwk {
  kty?: string;
  crv?: string;
  x?: string;
  d?: string;
  signature?: string;
}

function parseJson(text: string, source: string): unknown {
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new InvalidKeyBundleError(
      source,
      `not JSON (${(error as Error).message})`,
    );
  }
}

function bytesOf(
  jwk: Jwk | undefined,
  field: 'x' | 'd',
  curve: string,
  source: string,
): Buffer {
  const bytes = Buffer.from(String(jwk?.[field] ?? ''), 'base64url');
  if (jwk?.kty !== 'OKP' || jwk.crv !== curve || bytes.length !== 32) {
    throw new InvalidKeyBundleError(
      source,
      `no ${curve} key with a 32-byte "${field}"`,
    );
  }
  return bytes;
}
