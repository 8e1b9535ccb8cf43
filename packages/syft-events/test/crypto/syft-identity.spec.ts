import { copyFileSync, mkdirSync, statSync, symlinkSync } from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  decryptMessage,
  encryptMessage,
  formatPrivateKeys,
  InvalidKeyBundleError,
  parseEncryptedPayload,
  SyftIdentity,
} from '@mvent/syft-events';
import { createTempDir } from '@mvent/testing';
import type { TempDir } from '@mvent/testing';

const FIXTURES = join(__dirname, '../fixtures/syftbox-crypto');

describe('SyftIdentity', () => {
  let dir: TempDir;
  const config = (email: string, serverUrl = 'http://127.0.0.1:9') => ({
    email,
    dataDir: join(dir.path, 'SyftBox'),
    datasites: join(dir.path, 'SyftBox', 'datasites'),
    source: 'test',
    serverUrl,
  });
  beforeEach(async () => {
    dir = await createTempDir('mvent-identity-');
  });
  afterEach(() => dir.remove());

  it('finds the keys Python wrote where syft-crypto puts them, and uses them', async () => {
    const alice = new SyftIdentity(config('alice@example.com'));
    expect(alice.privateKeysPath).toBe(
      join(dir.path, '.syftbox', 'c2ba2520', 'pvt.jwks.json'),
    );
    mkdirSync(dirname(alice.privateKeysPath), { recursive: true });
    const fixture = join(
      FIXTURES,
      'identities',
      'alice@example.com',
      'pvt.jwks.json',
    );
    copyFileSync(fixture, alice.privateKeysPath);
    const keys = await alice.ensureIdentity();
    expect(formatPrivateKeys(keys)).toBe(await readFile(fixture, 'utf8'));
  });

  it('creates an identity on first use: a 0600 key file and a did.json peers can verify', async () => {
    const bob = new SyftIdentity(config('bob@example.com'));
    const keys = await bob.ensureIdentity();
    expect(statSync(bob.privateKeysPath).mode & 0o777).toBe(0o600);
    expect(statSync(dirname(bob.privateKeysPath)).mode & 0o777).toBe(0o700);
    expect(statSync(bob.didPath()).mode & 0o777).toBe(0o644);
    // The same keys from another instance (another process), and a bundle alice can use.
    const again = await new SyftIdentity(
      config('bob@example.com'),
    ).ensureIdentity();
    expect(formatPrivateKeys(again)).toBe(formatPrivateKeys(keys));
    const alice = new SyftIdentity(config('alice@example.com'));
    const aliceKeys = await alice.ensureIdentity();
    const payload = encryptMessage('{"hi":"bob"}', {
      sender: 'alice@example.com',
      senderPrekey: aliceKeys.signedPrekey,
      receiver: 'bob@example.com',
      receiverPrekey: (await alice.peerBundle('bob@example.com')).signedPrekey,
    });
    const plaintext = decryptMessage(parseEncryptedPayload(payload)!, {
      receiver: 'bob@example.com',
      receiverPrekey: keys.signedPrekey,
      senderPrekey: (await bob.peerBundle('alice@example.com')).signedPrekey,
    });
    expect(plaintext.toString()).toBe('{"hi":"bob"}');
  });

  it('says what is wrong with a missing peer or a planted key file', async () => {
    const carol = new SyftIdentity(config('carol@example.com'));
    await expect(carol.peerBundle('dave@example.com')).rejects.toThrow(
      /dave@example\.com has no did\.json/,
    );
    mkdirSync(dirname(carol.privateKeysPath), { recursive: true });
    symlinkSync('/etc/passwd', carol.privateKeysPath);
    await expect(carol.ensureIdentity()).rejects.toThrow(InvalidKeyBundleError);
    await expect(carol.ensureIdentity()).rejects.toThrow(/symbolic link/);
  });
});
