import type { SyftIdentity } from '../crypto/syft-identity';
import { parseEncryptedPayload } from '../crypto/x3dh-cipher';
import {
  InvalidKeyBundleError,
  SyftDecryptionError,
} from '../errors/crypto.errors';
import type { SyftRequest } from '../interfaces/rpc-envelope.interface';

/** Headers only the server sets: a request that carries them has them removed. */
const SERVER_HEADERS = ['x-syft-decrypted', 'x-syft-original-sender'];

/**
 * A request ready for its handler, or why it must not reach it: `refused` for the sender's
 * eyes (no local paths), `detail` for this server's log.
 */
export type OpenedRequest =
  | { request: SyftRequest; encrypted: boolean }
  | { refused: string; detail: string };

/**
 * The server's side of X3DH: decrypts requests whose body is an `EncryptedPayload` (as
 * syft-event's `auto_decrypt`); replies are encrypted with `identity.encryptTo`. Unlike
 * upstream, a request that fails to decrypt, is for someone else, comes with a bad prekey
 * signature or names another sender in its payload is refused, never handed on as if it
 * were plaintext.
 */
export class RequestEncryption {
  constructor(readonly identity: SyftIdentity) {}

  /** Creates this server's keys and did.json if there are none, so that peers can encrypt to it. */
  async bootstrap(): Promise<void> {
    await this.identity.ensureIdentity();
  }

  /** The request as its handler sees it: decrypted, without headers only the server may set. */
  async open(request: SyftRequest): Promise<OpenedRequest> {
    const headers = Object.fromEntries(
      Object.entries(request.headers).filter(
        ([name]) => !SERVER_HEADERS.includes(name.toLowerCase()),
      ),
    );
    const payload = parseEncryptedPayload(request.body);
    if (!payload) return { request: { ...request, headers }, encrypted: false };
    if (payload.sender.normalize('NFC') !== request.sender.normalize('NFC')) {
      const refused = `the payload is from ${payload.sender}, the request from ${request.sender}`;
      return { refused, detail: refused };
    }
    try {
      const body = await this.identity.decrypt(payload);
      return {
        request: {
          ...request,
          body,
          headers: {
            ...headers,
            'X-Syft-Decrypted': 'true',
            'X-Syft-Original-Sender': payload.sender,
          },
        },
        encrypted: true,
      };
    } catch (error) {
      if (
        error instanceof SyftDecryptionError ||
        error instanceof InvalidKeyBundleError
      ) {
        return {
          refused: this.describeForSender(error),
          detail: error.message,
        };
      }
      throw error;
    }
  }

  /**
   * What a remote sender may be told of a key or decryption failure: what failed, without
   * this machine's file layout (key files and DID documents are named by their paths).
   */
  describeForSender(error: unknown): string {
    if (error instanceof SyftDecryptionError) return error.message;
    if (!(error instanceof InvalidKeyBundleError)) return 'an internal error';
    const own =
      error.source === this.identity.privateKeysPath ||
      error.source === this.identity.didPath();
    return own
      ? "the server's own keys cannot be used (its log says why)"
      : `the peer's did.json cannot be used: ${error.reason}`;
  }
}
