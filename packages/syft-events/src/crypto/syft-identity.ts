import { createPublicKey, generateKeyPairSync } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { InvalidKeyBundleError } from '../errors/crypto.errors';
import type { SyftBoxConfig } from '../syftbox/syftbox-config';
import { DEFAULT_SERVER_URL } from '../syftbox/syftbox-config';
import { writeFileAtomically } from '../util/atomic-write.util';
import { formatDidDocument, formatPrivateKeys } from './identity-files';
import { KeyFileCache } from './key-file-cache';
import { checkPrivateKeyFile, preparePrivateKeyFolder } from './key-folder';
import { rawPublicKey } from './raw-keys';
import type { PrivateKeys, PublicBundle } from './key-bundles';
import type { EncryptedPayload } from './x3dh-cipher';
import { decryptMessage, encryptMessage } from './x3dh-cipher';
import {
  keyFolderHash,
  parseDidDocument,
  parsePrivateKeys,
} from './key-bundles';

/**
 * One SyftBox user's X3DH identity, where syft-crypto keeps it: the private keys in
 * `<data_dir's parent>/.syftbox/<hash>/pvt.jwks.json` (0600, in folders of 0700, stricter
 * than Python's 0755; keys are used only if no one else can have put them there, see
 * `checkPrivateKeyFile`), the public bundle in `<datasites>/<email>/public/did.json` (0644),
 * and the peers' bundles in their synced datasites.
 *
 * @publicApi
 */
export class SyftIdentity {
  private readonly files = new KeyFileCache();
  /** Keys already checked against the published did.json. */
  private readonly matched = new WeakSet<PrivateKeys>();

  /** Where this user's private keys are. */
  readonly privateKeysPath: string;

  constructor(private readonly config: SyftBoxConfig) {
    this.privateKeysPath = join(
      dirname(config.dataDir),
      '.syftbox',
      keyFolderHash(this.serverUrl, config.email),
      'pvt.jwks.json',
    );
  }

  /** Where a user's public bundle is, in their datasite. */
  didPath(email = this.config.email): string {
    return join(this.config.datasites, email, 'public', 'did.json');
  }

  /**
   * This user's private keys, created with their did.json when there are none yet (as
   * syft-crypto's `ensure_bootstrap`). Keys are read again only when their file changes.
   * A published identity is never replaced: with the keys missing and a did.json present,
   * or keys that do not match the did.json, it refuses, as syft-crypto does.
   *
   * @throws InvalidKeyBundleError for a key file that cannot be used, or keys that do not
   * belong to the published did.json
   */
  async ensureIdentity(): Promise<PrivateKeys> {
    const path = this.privateKeysPath;
    const own = this.files.read(path, text => {
      checkPrivateKeyFile(path);
      return parsePrivateKeys(text, path);
    });
    if (own) {
      if (!this.matched.has(own)) await this.checkAgainstDid(own);
      return own;
    }
    if (existsSync(this.didPath())) {
      throw new InvalidKeyBundleError(
        path,
        `the private keys are missing but ${this.didPath()} exists: refusing to replace a published identity. ` +
          `Restore the keys from the device that created them, or check server_url (${this.serverUrl}), which names their folder ` +
          `(syft-core's default is ${DEFAULT_SERVER_URL}; mvent 0.1 used https://syftbox.net). ` +
          'To start a new identity on purpose, remove did.json first.',
      );
    }
    await this.createIdentity(path);
    // Another process may have won the race: use the keys that are on disk.
    return this.ensureIdentity();
  }

  /**
   * A peer's public bundle, read from its synced datasite, its prekey signature verified;
   * read again only when the file changes.
   *
   * @throws InvalidKeyBundleError when it is missing, malformed or badly signed
   */
  peerBundle(email: string): PublicBundle {
    const path = this.didPath(email);
    const bundle = this.files.read(path, text => parseDidDocument(text, path));
    if (!bundle) {
      throw new InvalidKeyBundleError(
        path,
        `${email} has no did.json (has it bootstrapped its keys, and has the datasite synced?)`,
      );
    }
    return bundle;
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
    const peer = this.peerBundle(receiver);
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
    const peer = this.peerBundle(payload.sender);
    return decryptMessage(payload, {
      receiver: this.config.email,
      receiverPrekey: own.signedPrekey,
      senderPrekey: peer.signedPrekey,
    });
  }

  /**
   * The public keys of this user's identity on disk (base64url), or `undefined` with none.
   *
   * @throws InvalidKeyBundleError for a key file that cannot be used
   */
  currentKeys(): PublicKeyIds | undefined {
    const path = this.privateKeysPath;
    const keys = this.files.read(path, text => {
      checkPrivateKeyFile(path);
      return parsePrivateKeys(text, path);
    });
    return keys && publicKeyIds(keys);
  }

  /**
   * Replaces this user's keys and did.json with new ones, on purpose: the one way to start
   * a new identity where one is published. Peers encrypt to the new keys once the datasite
   * has synced; replies to requests sent before are unreadable to them.
   *
   * @returns the public keys replaced (none on a first run) and the new ones
   */
  async rotate(): Promise<{ replaced?: PublicKeyIds; current: PublicKeyIds }> {
    let replaced: PublicKeyIds | undefined;
    try {
      replaced = this.currentKeys();
    } catch {
      replaced = undefined; // unusable keys are what a rotation is for
    }
    const keys = newKeys();
    preparePrivateKeyFolder(this.privateKeysPath);
    writeFileAtomically(this.privateKeysPath, formatPrivateKeys(keys), {
      syncNudge: false,
      mode: 0o600,
    });
    await this.publishDid(keys);
    return { replaced, current: publicKeyIds(keys) };
  }

  private async createIdentity(path: string): Promise<void> {
    const keys = newKeys();
    preparePrivateKeyFolder(path);
    writeFileAtomically(path, formatPrivateKeys(keys), {
      replace: false,
      syncNudge: false,
      mode: 0o600,
    });
    await this.publishDid(keys);
  }

  private async publishDid(keys: PrivateKeys): Promise<void> {
    await mkdir(dirname(this.didPath()), { recursive: true });
    writeFileAtomically(
      this.didPath(),
      formatDidDocument(this.serverUrl, this.config.email, keys),
      { syncNudge: false },
    );
  }

  /** Publishes the did.json of `own` when there is none; refuses one of other keys. */
  private async checkAgainstDid(own: PrivateKeys): Promise<void> {
    const didPath = this.didPath();
    const published = this.files.read(didPath, text =>
      parseDidDocument(text, didPath),
    );
    if (!published) {
      await this.publishDid(own);
    } else if (
      !rawPublicKey(createPublicKey(own.signedPrekey)).equals(
        rawPublicKey(published.signedPrekey),
      ) ||
      !rawPublicKey(createPublicKey(own.identityKey)).equals(
        rawPublicKey(published.identityKey),
      )
    ) {
      throw new InvalidKeyBundleError(
        didPath,
        `its keys are not those in ${this.privateKeysPath} (syft-crypto: "Crypto keys mismatch"); ` +
          'restore the did.json or the keys that belong together',
      );
    }
    this.matched.add(own);
  }

  private get serverUrl(): string {
    return this.config.serverUrl ?? DEFAULT_SERVER_URL;
  }
}

/** The public half of an identity, as its did.json names it (raw keys, base64url). */
export interface PublicKeyIds {
  identityKey: string;
  signedPrekey: string;
}

function newKeys(): PrivateKeys {
  return {
    identityKey: generateKeyPairSync('ed25519').privateKey,
    signedPrekey: generateKeyPairSync('x25519').privateKey,
  };
}

function publicKeyIds(keys: PrivateKeys): PublicKeyIds {
  const id = (key: PrivateKeys['identityKey']) =>
    rawPublicKey(createPublicKey(key)).toString('base64url');
  return {
    identityKey: id(keys.identityKey),
    signedPrekey: id(keys.signedPrekey),
  };
}
