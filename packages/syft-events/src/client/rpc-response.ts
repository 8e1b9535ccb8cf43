import type { JsonNumbers } from '@mvent/core';
import { parseJson } from '@mvent/core';
import { randomUUID } from 'node:crypto';
import { SYSTEM_SENDER } from '../constants';
import type { SyftResponse } from '../interfaces/rpc-envelope.interface';
import { serialize } from '../protocol/serialize.util';
import { SyftTimestamp } from '../protocol/syft-timestamp';

const DAY_MS = 86_400_000;

/**
 * A response the client received, or made up itself (`isSystem`) for a rejected, vanished,
 * expired or unreadable request, as syft-rpc does.
 *
 * @publicApi
 */
export class RpcResponse {
  constructor(
    /** The envelope as read (for system responses, made up with a random id). */
    readonly envelope: SyftResponse,
    /** Whether the client made it up rather than reading it from the server. */
    readonly isSystem = false,
    /** Whether the body arrived encrypted (X3DH) and was decrypted. */
    readonly encrypted = false,
  ) {}

  /** A response the client makes up: sender and url `system@syftbox.localhost`, random id. */
  static system(statusCode: number, message: string): RpcResponse {
    const now = SyftTimestamp.now();
    return new RpcResponse(
      {
        id: randomUUID(),
        sender: SYSTEM_SENDER,
        url: `syft://${SYSTEM_SENDER}`,
        body: serialize(message),
        headers: {},
        created: now,
        expires: now.plus(DAY_MS),
        statusCode,
      },
      true,
    );
  }

  get statusCode(): number {
    return this.envelope.statusCode;
  }

  get headers(): Record<string, string> {
    return this.envelope.headers;
  }

  get body(): Buffer | null {
    return this.envelope.body;
  }

  /** 2xx. */
  get ok(): boolean {
    return this.statusCode >= 200 && this.statusCode < 300;
  }

  /** The body as UTF-8 text (`''` without one). */
  text(): string {
    return this.body?.toString('utf8') ?? '';
  }

  /**
   * The body parsed as JSON (`undefined` without one), integers beyond 2^53 as exact
   * `bigint` (see `JsonNumbers`).
   *
   * @throws SyntaxError
   */
  json<T = unknown>(numbers: JsonNumbers = 'exact'): T | undefined {
    const text = this.text();
    return text.trim() === '' ? undefined : (parseJson(text, numbers) as T);
  }
}
