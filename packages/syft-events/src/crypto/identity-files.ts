import type { KeyObject } from 'node:crypto';
import { createHash, createPublicKey, sign } from 'node:crypto';
import type { PrivateKeys } from './key-bundles';
import { rawPublicKey } from './raw-keys';

const b64url = (bytes: Buffer) => bytes.toString('base64url');

/** The raw 32-byte private key (X25519) or seed (Ed25519) of a private key object. */
function rawPrivateKey(key: KeyObject): Buffer {
  const der = key.export({ format: 'der', type: 'pkcs8' });
  return der.subarray(der.length - 32);
}

/** RFC 7638 thumbprint of an OKP public key, as jwcrypto sets `kid`. */
function thumbprint(crv: string, x: string): string {
  const canonical = JSON.stringify({ crv, kty: 'OKP', x });
  return createHash('sha256').update(canonical).digest('base64url');
}

function privateJwk(crv: string, key: KeyObject) {
  const x = b64url(rawPublicKey(createPublicKey(key)));
  return {
    kty: 'OKP',
    crv,
    x,
    d: b64url(rawPrivateKey(key)),
    kid: thumbprint(crv, x),
  };
}

/**
 * `pvt.jwks.json` exactly as syft-crypto writes it: `json.dump(indent=2)`, keys in its order,
 * no trailing newline.
 */
export function formatPrivateKeys(keys: PrivateKeys): string {
  return JSON.stringify(
    {
      identity_key: privateJwk('Ed25519', keys.identityKey),
      signed_prekey: privateJwk('X25519', keys.signedPrekey),
    },
    null,
    2,
  );
}

/** `did:web:<host>:<email, URL-quoted>`, the host without its port, as syft-crypto builds it. */
export function didOf(serverUrl: string, email: string): string {
  return `did:web:${new URL(serverUrl).hostname}:${encodeURIComponent(email)}`;
}

/**
 * The public `did.json` exactly as syft-crypto writes it, with the prekey signed by the
 * identity key (Ed25519 over the raw 32-byte X25519 public key).
 */
export function formatDidDocument(
  serverUrl: string,
  email: string,
  keys: PrivateKeys,
): string {
  const id = didOf(serverUrl, email);
  const prekey = rawPublicKey(createPublicKey(keys.signedPrekey));
  const key = (kid: string, crv: string, x: Buffer, use: string) => ({
    kty: 'OKP',
    kid,
    crv,
    x: b64url(x),
    use,
  });
  return JSON.stringify(
    {
      '@context': [
        'https://www.w3.org/ns/did/v1',
        'https://w3id.org/security/suites/ed25519-2020/v1',
        'https://w3id.org/security/suites/x25519-2020/v1',
      ],
      id,
      verificationMethod: [
        {
          id: `${id}#identity-key`,
          type: 'Ed25519VerificationKey2020',
          controller: id,
          publicKeyJwk: key(
            'identity-key',
            'Ed25519',
            rawPublicKey(createPublicKey(keys.identityKey)),
            'sig',
          ),
        },
      ],
      keyAgreement: [
        {
          id: `${id}#signed-prekey`,
          type: 'X25519KeyAgreementKey2020',
          controller: id,
          publicKeyJwk: {
            ...key('signed-prekey', 'X25519', prekey, 'enc'),
            signature: b64url(sign(null, prekey, keys.identityKey)),
          },
        },
      ],
    },
    null,
    2,
  );
}
