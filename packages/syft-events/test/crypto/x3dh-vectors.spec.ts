import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { DecryptionFailure } from '@mvent/syft-events';
import {
  decryptMessage,
  encryptMessage,
  InvalidKeyBundleError,
  keyFolderHash,
  parseDidDocument,
  parseEncryptedPayload,
  parsePrivateKeys,
  SyftDecryptionError,
} from '@mvent/syft-events';
import {
  formatDidDocument,
  formatPrivateKeys,
} from '../../src/crypto/identity-files';
import { privateKeyFromRaw, publicKeyFromRaw } from '../../src/crypto/raw-keys';

/** Real output of syft-crypto 0.1.2, copied from the shared fixtures (see its README). */
const FIXTURES = join(__dirname, '../fixtures/syftbox-crypto');
const read = (...path: string[]) => readFileSync(join(FIXTURES, ...path));
const ALICE = 'alice@example.com';
const BOB = 'bob@example.com';
const privateKeys = (email: string) =>
  parsePrivateKeys(
    read('identities', email, 'pvt.jwks.json').toString(),
    email,
  );
const bundle = (email: string) =>
  parseDidDocument(read('identities', email, 'did.json').toString(), email);

/** What decrypting each negative vector's request must give, instead of Python's pass-through. */
const REQUEST_FAILURES: Record<string, DecryptionFailure> = {
  n1_tampered_ciphertext: 'authentication-failed',
  n2_tampered_tag: 'authentication-failed',
  n3_receiver_carol: 'not-for-us',
  n4_non_utf8_plaintext: 'not-utf8',
};

const vectors = readdirSync(join(FIXTURES, 'vectors')).sort();

describe('X3DH against syft-crypto’s vectors', () => {
  it('reproduces deterministic_encrypt.json byte for byte', () => {
    const fixture = JSON.parse(
      read('deterministic_encrypt.json').toString(),
    ) as Record<string, string>;
    const payload = encryptMessage(
      fixture.plaintext_utf8,
      {
        sender: fixture.sender,
        senderPrekey: privateKeyFromRaw(
          'x25519',
          Buffer.from(fixture.sender_spk_private_hex, 'hex'),
        ),
        receiver: fixture.receiver,
        receiverPrekey: publicKeyFromRaw(
          'x25519',
          Buffer.from(fixture.receiver_spk_public_hex, 'hex'),
        ),
      },
      {
        ephemeralPrivate: Buffer.from(
          fixture.ephemeral_x25519_private_hex,
          'hex',
        ),
        iv: Buffer.from(fixture.iv_hex, 'hex'),
      },
    );
    expect(payload).toBe(fixture.payload_json_exact);
  });

  it('reads both identities and finds their key folders as syft-crypto names them', () => {
    expect(keyFolderHash('http://127.0.0.1:9', ALICE)).toBe('c2ba2520');
    expect(keyFolderHash('http://127.0.0.1:9', BOB)).toBe('38f9232d');
    expect(bundle(ALICE).did).toBe('did:web:127.0.0.1:alice%40example.com');
    expect(() => privateKeys(BOB)).not.toThrow();
  });

  it('refuses a did.json whose prekey signature does not verify', () => {
    const bad = read(
      'vectors',
      'n6_bad_prekey_signature_sender_did',
      'bob.did.bad.json',
    );
    expect(() => parseDidDocument(bad.toString(), 'bob.did.bad.json')).toThrow(
      InvalidKeyBundleError,
    );
  });

  const requests = vectors.filter(v =>
    existsSync(join(FIXTURES, 'vectors', v, 'request.payload.json')),
  );
  it.each(requests)(
    'decrypts (or refuses) the request of %s as alice',
    name => {
      const payload = parseEncryptedPayload(
        read('vectors', name, 'request.payload.json'),
      )!;
      expect(payload).toBeDefined();
      const keys = {
        receiver: ALICE,
        receiverPrekey: privateKeys(ALICE).signedPrekey,
        senderPrekey: bundle(BOB).signedPrekey,
      };
      const failure = REQUEST_FAILURES[name];
      if (failure) {
        const error = (() => {
          try {
            decryptMessage(payload, keys);
          } catch (thrown) {
            return thrown;
          }
          return undefined;
        })();
        expect(error).toBeInstanceOf(SyftDecryptionError);
        expect((error as SyftDecryptionError).failure).toBe(failure);
        expect((error as Error).message).not.toMatch(/[0-9a-f]{16}/); // no key bytes
      } else {
        expect(decryptMessage(payload, keys)).toEqual(
          read('vectors', name, 'request.plaintext.bin'),
        );
      }
    },
  );

  const responses = vectors.flatMap(name =>
    ['response', 'response_after_restart']
      .filter(stem =>
        existsSync(join(FIXTURES, 'vectors', name, `${stem}.payload.json`)),
      )
      .map(stem => [name, stem]),
  );
  it.each(responses)('decrypts the reply of %s (%s) as bob', (name, stem) => {
    const payload = parseEncryptedPayload(
      read('vectors', name, `${stem}.payload.json`),
    )!;
    expect(
      decryptMessage(payload, {
        receiver: BOB,
        receiverPrekey: privateKeys(BOB).signedPrekey,
        senderPrekey: bundle(ALICE).signedPrekey,
      }),
    ).toEqual(read('vectors', name, `${stem}.plaintext.bin`));
  });

  it('round-trips its own encryption, and tells payloads from other bodies', () => {
    const json = encryptMessage('{"hello":"world"}', {
      sender: BOB,
      senderPrekey: privateKeys(BOB).signedPrekey,
      receiver: ALICE,
      receiverPrekey: bundle(ALICE).signedPrekey,
    });
    const payload = parseEncryptedPayload(json)!;
    expect(Object.keys(payload)).toEqual([
      'ek',
      'iv',
      'ciphertext',
      'tag',
      'sender',
      'receiver',
      'version',
    ]);
    expect(
      decryptMessage(payload, {
        receiver: ALICE,
        receiverPrekey: privateKeys(ALICE).signedPrekey,
        senderPrekey: bundle(BOB).signedPrekey,
      }).toString(),
    ).toBe('{"hello":"world"}');
    expect(parseEncryptedPayload('{"hello":"world"}')).toBeUndefined();
    expect(parseEncryptedPayload(null)).toBeUndefined();
    expect(() =>
      encryptMessage(Buffer.from([0xff, 0xfe]), {
        sender: BOB,
        senderPrekey: privateKeys(BOB).signedPrekey,
        receiver: ALICE,
        receiverPrekey: bundle(ALICE).signedPrekey,
      }),
    ).toThrow(/not UTF-8/);
  });
});

describe('identity files', () => {
  it.each([ALICE, BOB])(
    'writes the key file and did.json of %s byte for byte as syft-crypto',
    email => {
      const keys = privateKeys(email);
      expect(formatPrivateKeys(keys)).toBe(
        read('identities', email, 'pvt.jwks.json').toString(),
      );
      expect(formatDidDocument('http://127.0.0.1:9', email, keys)).toBe(
        read('identities', email, 'did.json').toString(),
      );
    },
  );
});
