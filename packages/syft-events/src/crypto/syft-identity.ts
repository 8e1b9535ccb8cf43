import { generateKeyPairSync } from 'node:crypto';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InvalidKeyBundleError } from '../errors/crypto.errors';
import type { SyftBoxConfig } from '../syftbox/syftbox-config';
import { DEFAULT_SERVER_URL } from '../syftbox/syftbox-config';
import { writeFileAtomically } from '../util/atomic-write.util';
import { readFileSafely } from '../util/safe-read.util';
import { formatDidDocument, formatPrivateKeys } from './identity-files';
import type { PrivateKeys, PublicBundle } from './key-bundles';
import type { EncryptedPayload } from './x3dh-cipher';
import { decryptMessage, encryptMessage } from './x3dh-cipher';
import {
  keyFolderHash,
  parseDidDocument,
  parsePrivateKeys,
} from './key-bundles';

/** Larger key files are not key files. */
const MAX_KEY_FILE_BYTES = 64 * 1024;

/**
 * One SyftBox user's X3DH identity, where syft-crypto keeps it: the private keys in
 * `<data_dir's parent>/.syftbox/<hash>/pvt.jwks.json` (0600, in folders of 0700, stricter
 * than Python's 0755), the public bundle in `<datasites>/<email>/public/did.json` (0644),
 * and the peers' bundles in their synced datasites.
 *
 * @publicApi
 */
export class SyftIdentity {
  private own: PrivateKeys | undefined;

  constructor(private readonly config: SyftBoxConfig) {}

  /** Where this user's private keys are. */
  get privateKeysPath(): string {
    return join(
      dirname(this.config.dataDir),
      '.syftbox',
      keyFolderHash(this.serverUrl, this.config.email),
      'pvt.jwks.json',
    );
  }

  /** Where a user's public bundle is, in their datasite. */
  didPath(email = this.config.email): string {
    return join(this.config.datasites, email, 'public', 'did.json');
  }

  /**
   * This user's private keys, created with their did.json when there are none yet (as
   * syft-crypto's `ensure_bootstrap`).
   *
   * @throws InvalidKeyBundleError for a key file that exists but cannot be used
   */
  async ensureIdentity(): Promise<PrivateKeys> {
    if (this.own) return this.own;
    const read = await readFileSafely(this.privateKeysPath, MAX_KEY_FILE_BYTES);
    if ('bytes' in read) {
      this.own = parsePrivateKeys(read.bytes.toString(), this.privateKeysPath);
      return this.own;
    }
    if (!('missing' in read)) {
      throw new InvalidKeyBundleError(
        this.privateKeysPath,
        'refused' in read ? `it is ${read.refused}` : 'it is too large',
      );
    }
    const keys: PrivateKeys = {
      identityKey: generateKeyPairSync('ed25519').privateKey,
      signedPrekey: generateKeyPairSync('x25519').privateKey,
    };
    await mkdir(dirname(this.privateKeysPath), {
      recursive: true,
      mode: 0o700,
    });
    await writeFileAtomically(this.privateKeysPath, formatPrivateKeys(keys), {
      replace: false,
      syncNudge: false,
      mode: 0o600,
    });
    await mkdir(dirname(this.didPath()), { recursive: true });
    await writeFileAtomically(
      this.didPath(),
      formatDidDocument(this.serverUrl, this.config.email, keys),
      { syncNudge: false },
    );
    // Another process may have won the race: use the keys that are on disk.
    this.own = undefined;
    return this.ensureIdentity();
  }

  /**
   * A peer's public bundle, read from its synced datasite, its prekey signature verified.
   *
   * @throws InvalidKeyBundleError when it is missing, malformed or badly signed
   */
  async peerBundle(email: string): Promise<PublicBundle> {
    const path = this.didPath(email);
    const read = await readFileSafely(path, MAX_KEY_FILE_BYTES);
    if (!('bytes' in read)) {
      throw new InvalidKeyBundleError(
        path,
        'missing' in read
          ? `${email} has no did.json (has it bootstrapped its keys, and has the datasite synced?)`
          : 'refused' in read
            ? `it is ${read.refused}`
            : 'it is too large',
      );
    }
    return parseDidDocument(read.bytes.toString(), path);
  }

  /**
   * `body` encrypted from this user to `receiver`; a body of `null` stays `null`, as upstream.
   *
   * @throws InvalidKeyBundleError when the receiver has no usable did.json
   * @throws SyftDecryptionError (`not-utf8`) for a body that is not UTF-8
   */
  async encryptTo(
    receiver: string,
    body: Buffer | null,
  ): Promise<Buffer | null> {
    if (body === null) return null;
    const own = await this.ensureIdentity();
    const peer = await this.peerBundle(receiver);
    return Buffer.from(
      encryptMessage(body, {
        sender: this.config.email,
        senderPrekey: own.signedPrekey,
        receiver,
        receiverPrekey: peer.signedPrekey,
      }),
    );
  }

  /**
   * The plaintext of a payload addressed to this user, checked with its sender's bundle.
   *
   * @throws SyftDecryptionError or InvalidKeyBundleError
   */
  async decrypt(payload: EncryptedPayload): Promise<Buffer> {
    const own = await this.ensureIdentity();
    const peer = await this.peerBundle(payload.sender);
    return decryptMessage(payload, {
      receiver: this.config.email,
      receiverPrekey: own.signedPrekey,
      senderPrekey: peer.signedPrekey,
    });
  }

  private get serverUrl(): string {
    return this.config.serverUrl ?? DEFAULT_SERVER_URL;
  }
}
