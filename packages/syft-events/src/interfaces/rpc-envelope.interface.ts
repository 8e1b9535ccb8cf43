import type { SYFT_METHODS } from '../constants';
import type { SyftTimestamp } from '../protocol/syft-timestamp';

/**
 * A request method of the SyftBox protocol.
 *
 * @publicApi
 */
export type SyftMethod = (typeof SYFT_METHODS)[number];

/**
 * The fields both envelopes share.
 *
 * @publicApi
 */
export interface SyftMessage {
  /** Lower-case hyphenated UUID; a response reuses its request's id. */
  id: string;
  /** Request: the caller's email. Response: the server owner's email. */
  sender: string;
  /** The target SyftBox URL, exactly as written (query included). */
  url: string;
  /** Raw body bytes, or `null`. */
  body: Buffer | null;
  headers: Record<string, string>;
  created: SyftTimestamp;
  expires: SyftTimestamp;
}

/**
 * A `.request` file.
 *
 * @publicApi
 */
export interface SyftRequest extends SyftMessage {
  method: SyftMethod;
}

/**
 * A `.response` file.
 *
 * @publicApi
 */
export interface SyftResponse extends SyftMessage {
  statusCode: number;
}
