import { SyftEventsError } from './syft-events.error';

/** Why an encrypted message could not be read. */
export type DecryptionFailure =
  'malformed' | 'not-for-us' | 'authentication-failed' | 'not-utf8';

/**
 * An X3DH-encrypted payload that cannot be read: malformed, addressed to someone else, or
 * failing its AES-GCM check (tampered, or encrypted with other keys). It never carries key
 * material in its message.
 *
 * @publicApi
 */
export class SyftDecryptionError extends SyftEventsError {
  constructor(
    readonly failure: DecryptionFailure,
    detail: string,
  ) {
    super('SYFT_DECRYPTION_FAILED', `Cannot decrypt the payload: ${detail}`);
  }
}

/**
 * A peer's public bundle (`did.json`) or a private key file that cannot be used: missing,
 * malformed, or with a signed prekey whose signature does not verify.
 *
 * @publicApi
 */
export class InvalidKeyBundleError extends SyftEventsError {
  constructor(
    readonly source: string,
    readonly reason: string,
  ) {
    super('SYFT_INVALID_KEY_BUNDLE', `${source}: ${reason}`);
  }
}
