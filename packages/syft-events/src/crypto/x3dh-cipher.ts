import type { KeyObject } from 'node:crypto';
import {
  createCipheriv,
  createDecipheriv,
  createPublicKey,
  diffieHellman,
  generateKeyPairSync,
  hkdfSync,
  randomBytes,
} from 'node:crypto';
import { SyftDecryptionError } from '../errors/crypto.errors';
import { privateKeyFromRaw, publicKeyFromRaw, rawPublicKey } from './raw-keys';

/**
 * syft-crypto's `EncryptedPayload` (protocol 1.0): standard base64 with padding for the
 * bytes, keys in this order when written.
 *
 * @publicApi
 */
export interface EncryptedPayload {
  ek: string;
  iv: string;
  ciphertext: string;
  tag: string;
  sender: string;
  receiver: string;
  version: string;
}

/** What the sender needs: its email and signed-prekey private key, the receiver's public one. */
export interface EncryptionKeys {
  sender: string;
  senderPrekey: KeyObject;
  receiver: string;
  receiverPrekey: KeyObject;
}

/** What the receiver needs: its email and signed-prekey private key, the sender's public one. */
export interface DecryptionKeys {
  receiver: string;
  receiverPrekey: KeyObject;
  senderPrekey: KeyObject;
}

/** Fixed randomness, for byte-for-byte tests against Python's output only. */
export interface InjectedRandomness {
  ephemeralPrivate: Buffer;
  iv: Buffer;
}

const INFO = Buffer.from('X3DH-SyftBox');

interface KeyPair {
  privateKey: KeyObject;
  publicKey: KeyObject;
}
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * X25519 of two keys. A low-order public key (32 zero bytes, say) gives an all-zero secret,
 * which OpenSSL refuses: a typed error, never an unhandled one.
 *
 * @throws SyftDecryptionError (`malformed`) for a low-order key
 */
function agree(privateKey: KeyObject, publicKey: KeyObject): Buffer {
  try {
    return diffieHellman({ privateKey, publicKey });
  } catch {
    throw new SyftDecryptionError(
      'malformed',
      'a public key is of low order (no shared secret can come of it)',
    );
  }
}

/**
 * DH1, the agreement of two signed prekeys, by key objects: it is the same for every message
 * between two identities, and key objects live as long as their files do not change.
 */
const staticSecrets = new WeakMap<KeyObject, WeakMap<KeyObject, Buffer>>();

function staticSecret(privateKey: KeyObject, publicKey: KeyObject): Buffer {
  let byPeer = staticSecrets.get(privateKey);
  if (!byPeer) staticSecrets.set(privateKey, (byPeer = new WeakMap()));
  let secret = byPeer.get(publicKey);
  if (!secret) byPeer.set(publicKey, (secret = agree(privateKey, publicKey)));
  return secret;
}

/** One ephemeral key pair made ahead, in idle time: a send does not wait for its key. */
let spareEphemeral: KeyPair | undefined;

/** A fresh ephemeral key pair, used once; the next one is made after this turn. */
function takeEphemeral(): KeyPair {
  const pair = spareEphemeral ?? generateKeyPairSync('x25519');
  spareEphemeral = undefined;
  setImmediate(() => {
    spareEphemeral ??= generateKeyPairSync('x25519');
  }).unref();
  return pair;
}

function keyPairOf(privateKey: KeyObject): KeyPair {
  return { privateKey, publicKey: createPublicKey(privateKey) };
}

/** HKDF-SHA256 of DH1 || DH2, no salt (that is 32 zero bytes), as syft-crypto derives it. */
function messageKey(dh1: Buffer, dh2: Buffer): Buffer {
  return Buffer.from(
    hkdfSync('sha256', Buffer.concat([dh1, dh2]), Buffer.alloc(32), INFO, 32),
  );
}

/**
 * Encrypts `plaintext` (UTF-8, as syft-crypto requires) to the receiver and returns the
 * payload's exact JSON: `DH1 = X25519(sender SPK, receiver SPK)`, `DH2 = X25519(ephemeral,
 * receiver SPK)`, the key from HKDF, AES-256-GCM with a random 12-byte IV and no AAD.
 *
 * @throws SyftDecryptionError (`not-utf8`) for bytes that are not UTF-8, as Python refuses them
 */
export function encryptMessage(
  plaintext: string | Buffer,
  keys: EncryptionKeys,
  randomness?: InjectedRandomness,
): string {
  const bytes =
    typeof plaintext === 'string' ? Buffer.from(plaintext) : plaintext;
  try {
    UTF8.decode(bytes);
  } catch {
    throw new SyftDecryptionError('not-utf8', 'the plaintext is not UTF-8');
  }
  const ephemeral = randomness
    ? keyPairOf(privateKeyFromRaw('x25519', randomness.ephemeralPrivate))
    : takeEphemeral();
  const iv = randomness?.iv ?? randomBytes(12);
  const key = messageKey(
    staticSecret(keys.senderPrekey, keys.receiverPrekey),
    agree(ephemeral.privateKey, keys.receiverPrekey),
  );
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  const ciphertext = Buffer.concat([cipher.update(bytes), cipher.final()]);
  const payload: EncryptedPayload = {
    ek: rawPublicKey(ephemeral.publicKey).toString('base64'),
    iv: iv.toString('base64'),
    ciphertext: ciphertext.toString('base64'),
    tag: cipher.getAuthTag().toString('base64'),
    sender: keys.sender,
    receiver: keys.receiver,
    version: '1.0',
  };
  return JSON.stringify(payload);
}

/**
 * The payload in `body`, when it is one (the receiver tells an encrypted body by its shape,
 * as syft-crypto does), else `undefined`.
 */
export function parseEncryptedPayload(
  body: Buffer | string | null,
): EncryptedPayload | undefined {
  if (body === null) return undefined;
  let value: unknown;
  try {
    value = JSON.parse(body.toString());
  } catch {
    return undefined;
  }
  const fields = [
    'ek',
    'iv',
    'ciphertext',
    'tag',
    'sender',
    'receiver',
    'version',
  ];
  const isPayload =
    typeof value === 'object' &&
    value !== null &&
    !Array.isArray(value) &&
    fields.every(
      field => typeof (value as Record<string, unknown>)[field] === 'string',
    );
  return isPayload ? (value as EncryptedPayload) : undefined;
}

/**
 * Decrypts a payload addressed to `keys.receiver` and returns the plaintext bytes (UTF-8).
 * Unlike syft-crypto, every failure is an error, never the payload passed on as plaintext.
 *
 * @throws SyftDecryptionError `not-for-us`, `malformed`, `authentication-failed` (tampered,
 *   or other keys) or `not-utf8`
 */
export function decryptMessage(
  payload: EncryptedPayload,
  keys: DecryptionKeys,
): Buffer {
  if (payload.receiver !== keys.receiver) {
    throw new SyftDecryptionError(
      'not-for-us',
      `it is addressed to ${payload.receiver}, not ${keys.receiver}`,
    );
  }
  const ek = strictBase64(payload.ek, 32, 'ek');
  const iv = strictBase64(payload.iv, 12, 'iv');
  const tag = strictBase64(payload.tag, 16, 'tag');
  const ciphertext = strictBase64(payload.ciphertext, undefined, 'ciphertext');
  const key = messageKey(
    staticSecret(keys.receiverPrekey, keys.senderPrekey),
    agree(keys.receiverPrekey, publicKeyFromRaw('x25519', ek)),
  );
  let plaintext: Buffer;
  try {
    const decipher = createDecipheriv('aes-256-gcm', key, iv);
    decipher.setAuthTag(tag);
    plaintext = Buffer.concat([decipher.update(ciphertext), decipher.final()]);
  } catch {
    throw new SyftDecryptionError(
      'authentication-failed',
      'the AES-GCM tag does not match (tampered, or encrypted with other keys)',
    );
  }
  try {
    UTF8.decode(plaintext);
  } catch {
    throw new SyftDecryptionError('not-utf8', 'the plaintext is not UTF-8');
  }
  return plaintext;
}

/** Standard base64 with padding only (Python's decoder silently drops other characters). */
function strictBase64(
  text: string,
  length: number | undefined,
  field: string,
): Buffer {
  const bytes = Buffer.from(text, 'base64');
  // Canonical base64 re-encodes to itself; anything else (URL-safe, junk, no padding) does not.
  if (
    bytes.toString('base64') !== text ||
    (length !== undefined && bytes.length !== length)
  ) {
    throw new SyftDecryptionError(
      'malformed',
      `${field} is not ${length ?? 'some'} bytes of standard base64`,
    );
  }
  return bytes;
}
