import { randomUUID } from 'node:crypto';
import {
  chmodSync,
  copyFileSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  writeFileSync,
} from 'node:fs';
import { readFile } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { Logger, Response } from '@mvent/core';
import type { RpcRequest } from '@mvent/core';
import type { SyftBoxConfig } from '@mvent/syft-events';
import {
  formatRequest,
  InvalidKeyBundleError,
  parseEncryptedPayload,
  parseRequest,
  parseResponse,
  SyftEvents,
  SyftIdentity,
  SyftRpcClient,
} from '@mvent/syft-events';
import type { TempDir } from '@mvent/testing';
import { createTempDir, waitFor } from '@mvent/testing';

const FIXTURES = join(__dirname, '../fixtures/syftbox-crypto');
const ALICE = 'alice@example.com';
const BOB = 'bob@example.com';
const APP = 'cryptovec';

/** What each handler saw: its body, whether it was encrypted, and the server-set headers. */
const seen: {
  body: string;
  encrypted: boolean;
  decrypted?: string;
  from?: string;
}[] = [];
function echo(request: RpcRequest) {
  seen.push({
    body: request.body?.toString() ?? '',
    encrypted: request.encrypted,
    decrypted: request.header('X-Syft-Decrypted'),
    from: request.header('X-Syft-Original-Sender'),
  });
  return new Response(request.body, 200);
}

describe('X3DH-encrypted requests and replies through files', () => {
  let dir: TempDir;
  let server: SyftEvents;
  const config = (email: string): SyftBoxConfig => ({
    email,
    dataDir: join(dir.path, 'SyftBox'),
    datasites: join(dir.path, 'SyftBox', 'datasites'),
    source: 'test',
    serverUrl: 'http://127.0.0.1:9',
  });
  const endpointDir = (endpoint: string, sender = BOB) =>
    join(
      config(ALICE).datasites,
      ALICE,
      'app_data',
      APP,
      'rpc',
      endpoint,
      sender,
    );

  /** Puts Python's keys of `email` where syft-crypto keeps them, and its did.json in its datasite. */
  const installIdentity = (email: string) => {
    const identity = new SyftIdentity(config(email));
    mkdirSync(dirname(identity.privateKeysPath), { recursive: true });
    copyFileSync(
      join(FIXTURES, 'identities', email, 'pvt.jwks.json'),
      identity.privateKeysPath,
    );
    chmodSync(identity.privateKeysPath, 0o600); // as syft-crypto writes it
    mkdirSync(dirname(identity.didPath()), { recursive: true });
    copyFileSync(
      join(FIXTURES, 'identities', email, 'did.json'),
      identity.didPath(),
    );
    return identity;
  };

  /** Places a vector's request file in its endpoint folder and returns the response written. */
  const replay = async (vector: string, endpoint: string) => {
    const name = readdirSync(join(FIXTURES, 'vectors', vector)).find(f =>
      /^[0-9a-f-]{36}\.request$/.test(f),
    )!;
    const file = join(FIXTURES, 'vectors', vector, name);
    const { sender } = JSON.parse(readFileSync(file, 'utf8')) as {
      sender: string;
    };
    mkdirSync(endpointDir(endpoint, sender), { recursive: true });
    copyFileSync(file, join(endpointDir(endpoint, sender), name));
    const responsePath = join(
      endpointDir(endpoint, sender),
      name.replace('.request', '.response'),
    );
    await waitFor(
      () => readFile(responsePath, 'utf8').then(parseResponse, () => undefined),
      { timeout: 5000 },
    );
    return parseResponse(await readFile(responsePath, 'utf8'));
  };

  beforeAll(async () => {
    Logger.overrideLogger(false);
    dir = await createTempDir('mvent-encryption-');
    installIdentity(ALICE);
    installIdentity(BOB);
    server = new SyftEvents(APP, { config: config(ALICE) });
    server.onRequest('/echo', echo, { encryptReply: true });
    server.onRequest('/secure', echo, { encryptReply: true });
    server.onRequest('/plain_echo', echo);
    await server.start();
  });
  afterAll(async () => {
    await server.stop();
    await dir.remove();
  });
  beforeEach(() => seen.splice(0));

  it('decrypts a Python client’s request and encrypts the reply so bob can read it', async () => {
    const response = await replay('01_json_body', 'secure');
    const plaintext = readFileSync(
      join(FIXTURES, 'vectors', '01_json_body', 'request.plaintext.bin'),
    );
    expect(seen).toEqual([
      {
        body: plaintext.toString(),
        encrypted: true,
        decrypted: 'true',
        from: BOB,
      },
    ]);
    const payload = parseEncryptedPayload(response.body)!;
    expect(payload).toMatchObject({
      sender: ALICE,
      receiver: BOB,
      version: '1.0',
    });
    const bob = new SyftIdentity(config(BOB));
    expect(await bob.decrypt(payload)).toEqual(plaintext);
  });

  it.each([
    'n1_tampered_ciphertext',
    'n2_tampered_tag',
    'n3_receiver_carol',
    'n4_non_utf8_plaintext',
  ])(
    'answers %s with a 400 that never reaches the handler, and keeps serving',
    async vector => {
      const response = await replay(vector, 'echo');
      expect(response.statusCode).toBe(400);
      expect(response.body?.toString()).toMatch(
        /^"?Cannot decrypt the request: /,
      );
      expect(seen).toEqual([]);
      expect(
        (await replay('10_encrypted_to_plain_endpoint', 'plain_echo'))
          .statusCode,
      ).toBe(200);
    },
  );

  it('answers a file that is not a request (n5) with a plaintext 400, as Python', async () => {
    const response = await replay('n5_unparseable_request_file', 'echo');
    expect(response.statusCode).toBe(400);
    expect(response.body?.toString()).toMatch(/Error loading request: /);
    expect(parseEncryptedPayload(response.body)).toBeUndefined();
  });

  it('refuses a request whose sender’s did.json has a bad prekey signature (n6), and keeps serving', async () => {
    const bob = new SyftIdentity(config(BOB));
    const good = readFileSync(bob.didPath());
    copyFileSync(
      join(
        FIXTURES,
        'vectors',
        'n6_bad_prekey_signature_sender_did',
        'bob.did.bad.json',
      ),
      bob.didPath(),
    );
    try {
      const response = await replay(
        'n6_bad_prekey_signature_sender_did',
        'echo',
      );
      expect(response.statusCode).toBe(400);
      expect(response.body?.toString()).toMatch(
        /signed prekey signature does not verify/,
      );
      // What failed, not where this server keeps its files.
      expect(response.body?.toString()).not.toContain(dir.path);
      expect(seen).toEqual([]);
    } finally {
      writeFileSync(bob.didPath(), good);
    }
    expect(
      (await replay('n6b_probe_after_thread_death', 'echo')).statusCode,
    ).toBe(200);
  });

  it.each([
    'n7_plaintext_non_utf8_to_encrypt_reply',
    'n8_plaintext_from_sender_without_did',
  ])(
    'answers %s, whose reply cannot be encrypted, with a plaintext 500, and keeps serving',
    async vector => {
      const response = await replay(vector, 'echo');
      expect(response.statusCode).toBe(500);
      expect(response.body?.toString()).toMatch(
        /The reply could not be encrypted: /,
      );
      expect(response.body?.toString()).not.toContain(dir.path);
      expect(
        (await replay('10_encrypted_to_plain_endpoint', 'plain_echo'))
          .statusCode,
      ).toBe(200);
    },
  );

  it('round-trips our own client: encrypted on disk both ways, plaintext for the handler and the caller', async () => {
    const bob = new SyftRpcClient({ config: config(BOB) });
    try {
      const response = await bob.send(
        `syft://${ALICE}/app_data/${APP}/rpc/echo`,
        {
          method: 'POST',
          body: { secret: 'pears' },
          encrypt: true,
        },
      );
      expect(response.statusCode).toBe(200);
      expect(response.encrypted).toBe(true);
      expect(response.json()).toEqual({ secret: 'pears' });
      expect(seen).toEqual([
        {
          body: '{"secret":"pears"}',
          encrypted: true,
          decrypted: 'true',
          from: BOB,
        },
      ]);
    } finally {
      bob.close();
    }
  });

  it('answers a plaintext request with a reply it cannot encrypt in plaintext 500, and keeps serving', async () => {
    const dave = new SyftRpcClient({ config: config('dave@example.com') });
    try {
      const response = await dave.send(
        `syft://${ALICE}/app_data/${APP}/rpc/echo`,
        {
          method: 'POST',
          body: 'hello',
          headers: { 'X-Syft-Decrypted': 'true' }, // forged: the handler must not see it
        },
      );
      expect(response.statusCode).toBe(500);
      expect(response.text()).toMatch(
        /The reply could not be encrypted: .*dave@example\.com has no did\.json/,
      );
      expect(seen).toEqual([{ body: 'hello', encrypted: false }]);
      // Encrypting creates dave's keys and did.json, so now alice can answer him, encrypted.
      const encrypted = await dave.send(
        `syft://${ALICE}/app_data/${APP}/rpc/echo`,
        {
          body: 'x',
          encrypt: true,
        },
      );
      expect([
        encrypted.statusCode,
        encrypted.encrypted,
        encrypted.text(),
      ]).toEqual([200, true, 'x']);
    } finally {
      dave.close();
    }
  });

  it('answers a request whose ephemeral key is of low order with one 400, and keeps serving', async () => {
    // A Python request, its payload's `ek` replaced by 32 zero bytes (X25519's low-order point).
    const vector = join(FIXTURES, 'vectors', '01_json_body');
    const name = readdirSync(vector).find(f => f.endsWith('.request'))!;
    const request = parseRequest(readFileSync(join(vector, name), 'utf8'));
    const payload = parseEncryptedPayload(request.body)!;
    const id = randomUUID();
    const forged = formatRequest({
      ...request,
      id,
      body: Buffer.from(
        JSON.stringify({ ...payload, ek: Buffer.alloc(32).toString('base64') }),
      ),
    });
    mkdirSync(endpointDir('secure'), { recursive: true });
    const refusedBefore = server.getStats().answered[400] ?? 0;
    const responsePath = join(endpointDir('secure'), `${id}.response`);
    writeFileSync(join(endpointDir('secure'), `${id}.request`), forged);
    const text = await waitFor(() =>
      readFile(responsePath, 'utf8').catch(() => ''),
    );
    const response = parseResponse(text);
    expect(response.statusCode).toBe(400);
    expect(response.body?.toString()).toMatch(/low order/);
    expect(seen).toEqual([]);
    expect(server.getStats().answered[400]).toBe(refusedBefore + 1);
    expect(
      (await replay('10_encrypted_to_plain_endpoint', 'plain_echo')).statusCode,
    ).toBe(200);
  });

  it('refuses to encrypt to a receiver without a bundle, with a typed error', async () => {
    const bob = new SyftRpcClient({ config: config(BOB) });
    try {
      await expect(
        bob.send(`syft://carol@example.com/app_data/${APP}/rpc/echo`, {
          body: 'x',
          encrypt: true,
        }),
      ).rejects.toThrow(InvalidKeyBundleError);
    } finally {
      bob.close();
    }
  });
});
