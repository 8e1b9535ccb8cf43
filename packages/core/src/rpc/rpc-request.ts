import { BadRequestException } from '../exceptions/http.exceptions';
import type { JsonNumbers } from './json-numbers';
import { parseJson } from './json-numbers';

/** Decoding is stateless without `stream`, so one decoder serves every request. */
const UTF8 = new TextDecoder('utf-8', { fatal: true });

/**
 * The process that sent a request, as the operating system knows it (not as it claims):
 * memory RPC reads it from its Unix socket (`SO_PEERCRED`).
 *
 * @publicApi
 */
export interface PeerCredentials {
  pid: number;
  uid: number;
  gid: number;
}

/**
 * A request as every RPC transport hands it to a route: the same model for SyftBox files
 * and shared memory. Inject it with `@Req()`.
 *
 * @publicApi
 */
export class RpcRequest {
  /** The request id (a UUID for SyftBox). */
  readonly id: string;
  /**
   * Who sent it, as the caller claims: an email for SyftBox (checked against the folder it
   * came from), any string over memory RPC (see {@link RpcRequest.peer}).
   */
  readonly sender: string;
  /**
   * The sending process as the kernel knows it, where the transport can tell (memory RPC on
   * Linux); `undefined` otherwise. Unlike `sender`, a caller cannot forge it: trust this one.
   */
  readonly peer: PeerCredentials | undefined;
  /** The target URL as the caller wrote it, query included. */
  readonly url: string;
  readonly method: string;
  /** The route path the request was addressed to, e.g. `/data/42`. */
  readonly path: string;
  /** Header names as sent. {@link RpcRequest.header} looks them up case-insensitively. */
  readonly headers: Readonly<Record<string, string>>;
  readonly query: Readonly<Record<string, string>>;
  /** Values of the route's `{parameters}`. */
  readonly params: Readonly<Record<string, string>>;
  /** The raw body, or `null` when there is none. */
  readonly body: Buffer | null;
  /** `true` when the body arrived encrypted and the transport decrypted it (SyftBox X3DH). */
  readonly encrypted: boolean;
  /** How {@link RpcRequest.json} reads numbers. @default 'exact' */
  readonly jsonNumbers: JsonNumbers;

  constructor(init: {
    id: string;
    sender: string;
    url: string;
    method: string;
    path: string;
    headers?: Record<string, string>;
    query?: Record<string, string>;
    params?: Record<string, string>;
    body?: Buffer | null;
    peer?: PeerCredentials;
    encrypted?: boolean;
    jsonNumbers?: JsonNumbers;
  }) {
    this.id = init.id;
    this.sender = init.sender;
    this.url = init.url;
    this.method = init.method;
    this.path = init.path;
    this.headers = init.headers ?? {};
    this.query = init.query ?? {};
    this.params = init.params ?? {};
    this.body = init.body ?? null;
    this.peer = init.peer;
    this.encrypted = init.encrypted ?? false;
    this.jsonNumbers = init.jsonNumbers ?? 'exact';
  }

  /** One header, by its case-insensitive name. */
  header(name: string): string | undefined {
    const wanted = name.toLowerCase();
    const key = Object.keys(this.headers).find(k => k.toLowerCase() === wanted);
    return key === undefined ? undefined : this.headers[key];
  }

  /**
   * The body as UTF-8 text (`''` without a body).
   *
   * @throws BadRequestException when the bytes are not UTF-8
   */
  text(): string {
    if (this.body === null) {
      return '';
    }
    try {
      return UTF8.decode(this.body);
    } catch {
      throw new BadRequestException('Request body is not valid UTF-8');
    }
  }

  /**
   * The body parsed as JSON (`undefined` without a body), its numbers as
   * {@link RpcRequest.jsonNumbers} says: by default, integers beyond 2^53 as exact `bigint`.
   *
   * @throws BadRequestException when it is not JSON
   */
  json<T = unknown>(): T | undefined {
    const text = this.text();
    if (text.trim() === '') {
      return undefined;
    }
    try {
      return parseJson(text, this.jsonNumbers) as T;
    } catch (error) {
      throw new BadRequestException(
        `Request body is not valid JSON: ${(error as Error).message}`,
      );
    }
  }
}
