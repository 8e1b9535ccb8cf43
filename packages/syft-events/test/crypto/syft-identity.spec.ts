import {
  chmodSync,
  chownSync,
  copyFileSync,
  existsSync,
  mkdirSync,
  rmSync,
  statSync,
  readdirSync,
  readFileSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { sign } from 'node:crypto';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import {
  DEFAULT_SERVER_URL,
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
    chmodSync(alice.privateKeysPath, 0o600); // as syft-crypto writes it
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
      receiverPrekey: alice.peerBundle('bob@example.com').signedPrekey,
    });
    const plaintext = decryptMessage(parseEncryptedPayload(payload)!, {
      receiver: 'bob@example.com',
      receiverPrekey: keys.signedPrekey,
      senderPrekey: bob.peerBundle('alice@example.com').signedPrekey,
    });
    expect(plaintext.toString()).toBe('{"hi":"bob"}');
  });

  it('says what is wrong with a missing peer or a planted key file', async () => {
    const carol = new SyftIdentity(config('carol@example.com'));
    expect(() => carol.peerBundle('dave@example.com')).toThrow(
      /dave@example\.com has no did\.json/,
    );
    mkdirSync(dirname(carol.privateKeysPath), { recursive: true });
    symlinkSync('/etc/passwd', carol.privateKeysPath);
    await expect(carol.ensureIdentity()).rejects.toThrow(InvalidKeyBundleError);
    await expect(carol.ensureIdentity()).rejects.toThrow(/symbolic link/);
  });

  it('never replaces a published identity when the private keys are missing (as syft-crypto)', async () => {
    const bob = new SyftIdentity(config('bob@example.com'));
    const keys = await bob.ensureIdentity();
    const published = await readFile(bob.didPath(), 'utf8');
    rmSync(bob.privateKeysPath);
    // A second device with the datasite but not the keys.
    const device = new SyftIdentity(config('bob@example.com'));
    await expect(device.ensureIdentity()).rejects.toThrow(
      /private keys are missing but .*did\.json exists: refusing to replace a published identity/,
    );
    expect(existsSync(bob.privateKeysPath)).toBe(false);
    expect(await readFile(bob.didPath(), 'utf8')).toBe(published);
    // The keys restored: the same instance uses them, checked against the did.json.
    writeFileSync(bob.privateKeysPath, formatPrivateKeys(keys), {
      mode: 0o600,
    });
    await expect(device.ensureIdentity()).resolves.toBeDefined();
  });

  it('refuses keys that are not those of the published did.json', async () => {
    const bob = new SyftIdentity(config('bob@example.com'));
    await bob.ensureIdentity();
    copyFileSync(
      join(FIXTURES, 'identities', 'alice@example.com', 'pvt.jwks.json'),
      bob.privateKeysPath,
    );
    chmodSync(bob.privateKeysPath, 0o600);
    await expect(
      new SyftIdentity(config('bob@example.com')).ensureIdentity(),
    ).rejects.toThrow(/Crypto keys mismatch/);
    // The running instance reads the changed file too, and refuses as well.
    await expect(bob.ensureIdentity()).rejects.toThrow(InvalidKeyBundleError);
  });

  it('publishes the did.json of existing keys that have none', async () => {
    const alice = new SyftIdentity(config('alice@example.com'));
    await alice.ensureIdentity();
    rmSync(alice.didPath());
    await new SyftIdentity(config('alice@example.com')).ensureIdentity();
    expect(existsSync(alice.didPath())).toBe(true);
  });

  it("reads a peer's did.json once, and again only when it changes", async () => {
    const alice = new SyftIdentity(config('alice@example.com'));
    const bob = new SyftIdentity(config('bob@example.com'));
    await bob.ensureIdentity();
    const first = alice.peerBundle('bob@example.com');
    expect(alice.peerBundle('bob@example.com')).toBe(first);
    // Bob starts over on purpose: did.json removed first, then new keys.
    rmSync(bob.didPath());
    rmSync(bob.privateKeysPath);
    await new SyftIdentity(config('bob@example.com')).ensureIdentity();
    const second = alice.peerBundle('bob@example.com');
    expect(second).not.toBe(first);
    expect(second.signedPrekey.equals(first.signedPrekey)).toBe(false);
    // A did.json swapped for a link is refused, not served from the cache.
    rmSync(bob.didPath());
    symlinkSync(join(dir.path, 'elsewhere.json'), bob.didPath());
    expect(() => alice.peerBundle('bob@example.com')).toThrow(/symbolic link/);
  });

  it("uses syft-core's default server URL for the key folder", () => {
    expect(DEFAULT_SERVER_URL).toBe('https://syftbox.openmined.org');
    const alice = new SyftIdentity({
      ...config('alice@example.com'),
      serverUrl: undefined,
    });
    // sha256("https://syftbox.openmined.org/::alice@example.com")[:8]
    expect(alice.privateKeysPath).toBe(
      join(dir.path, '.syftbox', '3e3b20b9', 'pvt.jwks.json'),
    );
  });

  it('refuses a did.json whose signed prekey is of low order, even well signed', async () => {
    const mallory = new SyftIdentity(config('mallory@example.com'));
    const keys = await mallory.ensureIdentity();
    const document = JSON.parse(await readFile(mallory.didPath(), 'utf8')) as {
      keyAgreement: { publicKeyJwk: { x: string; signature: string } }[];
    };
    const zero = Buffer.alloc(32);
    document.keyAgreement[0].publicKeyJwk.x = zero.toString('base64url');
    document.keyAgreement[0].publicKeyJwk.signature = sign(
      null,
      zero,
      keys.identityKey,
    ).toString('base64url');
    writeFileSync(mallory.didPath(), JSON.stringify(document));
    const alice = new SyftIdentity(config('alice@example.com'));
    expect(() => alice.peerBundle('mallory@example.com')).toThrow(
      /signed prekey is of low order/,
    );
  });

  describe('keys another local user could have put there', () => {
    const OTHER_UID = 4242;
    const asRoot = process.getuid?.() === 0 ? it : it.skip;
    if (process.getuid?.() !== 0) {
      console.warn(
        'Skipping the other-user key tests: they chown files to another uid, which needs root',
      );
    }

    it('does not create keys through a planted .syftbox link, and refuses keys behind one', async () => {
      const elsewhere = join(dir.path, 'attacker');
      mkdirSync(elsewhere, { mode: 0o777 });
      chmodSync(elsewhere, 0o777);
      const victim = new SyftIdentity(config('victim@example.com'));
      symlinkSync(elsewhere, join(dir.path, '.syftbox'));
      await expect(victim.ensureIdentity()).rejects.toThrow(/symbolic link/);
      expect(readdirSync(elsewhere)).toEqual([]);
      expect(existsSync(victim.didPath())).toBe(false);
      // Keys the attacker put behind the link are not adopted either.
      mkdirSync(
        dirname(
          victim.privateKeysPath.replace(join(dir.path, '.syftbox'), elsewhere),
        ),
      );
      writeFileSync(
        victim.privateKeysPath.replace(join(dir.path, '.syftbox'), elsewhere),
        readFileSync(
          join(FIXTURES, 'identities', 'alice@example.com', 'pvt.jwks.json'),
        ),
        { mode: 0o600 },
      );
      await expect(victim.ensureIdentity()).rejects.toThrow(/symbolic link/);
    });

    asRoot('refuses keys planted by another uid, even mode 0600', async () => {
      const victim = new SyftIdentity(config('victim@example.com'));
      mkdirSync(dirname(victim.privateKeysPath), {
        recursive: true,
        mode: 0o700,
      });
      writeFileSync(
        victim.privateKeysPath,
        readFileSync(
          join(FIXTURES, 'identities', 'alice@example.com', 'pvt.jwks.json'),
        ),
        { mode: 0o644 },
      );
      chownSync(victim.privateKeysPath, OTHER_UID, OTHER_UID);
      await expect(victim.ensureIdentity()).rejects.toThrow(
        /belongs to uid 4242/,
      );
      chmodSync(victim.privateKeysPath, 0o600);
      await expect(victim.ensureIdentity()).rejects.toThrow(
        /belongs to uid 4242/,
      );
      // A key folder of another uid is refused too.
      chownSync(victim.privateKeysPath, process.getuid!(), process.getgid!());
      chownSync(dirname(victim.privateKeysPath), OTHER_UID, OTHER_UID);
      await expect(victim.ensureIdentity()).rejects.toThrow(
        /belongs to uid 4242/,
      );
    });

    it('refuses keys others may read, and a key folder others may write in', async () => {
      const victim = new SyftIdentity(config('victim@example.com'));
      await victim.ensureIdentity();
      chmodSync(victim.privateKeysPath, 0o644);
      const fresh = () => new SyftIdentity(config('victim@example.com'));
      await expect(fresh().ensureIdentity()).rejects.toThrow(/chmod 600/);
      chmodSync(victim.privateKeysPath, 0o600);
      chmodSync(dirname(victim.privateKeysPath), 0o777);
      await expect(fresh().ensureIdentity()).rejects.toThrow(/chmod 700/);
      chmodSync(dirname(victim.privateKeysPath), 0o700);
      await expect(fresh().ensureIdentity()).resolves.toBeDefined();
    });
  });
});
