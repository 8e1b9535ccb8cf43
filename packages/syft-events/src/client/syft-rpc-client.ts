import { randomUUID } from 'node:crypto';
import { existsSync } from 'node:fs';
import { join, sep } from 'node:path';
import { Logger } from '@mvent/core';
import { parseTimeInterval } from '../cleanup/time-interval';
import { SYFT_METHODS } from '../constants';
import { SyftTimeoutError } from '../errors/syft-timeout.error';
import type {
  SyftMethod,
  SyftRequest,
} from '../interfaces/rpc-envelope.interface';
import { formatRequest } from '../protocol/rpc-envelope';
import { serialize } from '../protocol/serialize.util';
import { SyftTimestamp } from '../protocol/syft-timestamp';
import type { SyftBoxConfig } from '../syftbox/syftbox-config';
import { resolveSyftBoxConfig } from '../syftbox/syftbox-config';
import { SyftBoxURL } from '../syftbox/syftbox-url';
import { writeFileAtomically } from '../util/atomic-write.util';
import { makeFolderInside } from '../util/folder-inside.util';
import { FolderWatchers } from './folder-watchers';
import type { PendingRequest } from './response-check';
import { SyftIdentity } from '../crypto/syft-identity';
import { parseEncryptedPayload } from '../crypto/x3dh-cipher';
import { checkPendingRequest } from './response-check';
import { RpcResponse } from './rpc-response';

const logger = new Logger('SyftRpcClient');
/**
 * Options of {@link SyftRpcClient.send}.
 *
 * @publicApi
 */
export interface SendOptions {
  /** @default 'GET' */
  method?: SyftMethod | Lowercase<SyftMethod>;
  /** Serialised as Python's `serialize()`: bytes as is, strings as UTF-8, objects as JSON. */
  body?: unknown;
  headers?: Record<string, string>;
  /** How long the request stays valid: `'15m'`, `'1h30m'` or milliseconds. @default '15m' */
  expiry?: string | number;
  /** How long to wait for the response. @default '5m' (Python's 300 s) */
  timeout?: string | number;
  /**
   * Encrypt the body to the receiver with X3DH (syft-crypto's `encrypt=True`); this user's
   * keys are created on first use. Encrypted replies are decrypted either way.
   * @default false
   */
  encrypt?: boolean;
}

/**
 * Options of the {@link SyftRpcClient}.
 *
 * @publicApi
 */
export interface SyftRpcClientOptions {
  /** The SyftBox to use: a config path or a config. Default: found as syft-core finds it. */
  config?: string | SyftBoxConfig;
  /** A slow look at pending requests, in case a file event was missed (ms). @default 1000 */
  safetyPollInterval?: number;
  /**
   * Larger response files are refused unread, with a system 500 (the files are kept), as a
   * server refuses requests over its `maxRequestBytes`. @default 4 MiB
   */
  maxResponseBytes?: number;
}

/**
 * Calls SyftBox RPC endpoints, as syft-rpc's `send()` but without its 100 ms poll: the
 * request is written atomically into the receiver's folder, and the response is awaited
 * through a file watch. Responses are consumed (both files removed) once read.
 *
 * @example
 * ```ts
 * const client = new SyftRpcClient();
 * const response = await client.send('syft://alice@example.com/app_data/demo/rpc/add', {
 *   method: 'POST',
 *   body: { a: 2, b: 40 },
 * });
 * response.json(); // { total: 42, … }
 * ```
 * @publicApi
 */
export class SyftRpcClient {
  /** Where SyftBox lives for this client. */
  readonly config: SyftBoxConfig;
  private readonly watchers = new FolderWatchers();
  private readonly safetyPollMs: number;
  private readonly maxResponseBytes: number;
  private readonly identity: SyftIdentity;

  /** @throws InvalidConfigError for an unusable SyftBox config */
  constructor(options: SyftRpcClientOptions = {}) {
    this.config = resolveSyftBoxConfig(options.config);
    this.safetyPollMs = options.safetyPollInterval ?? 1000;
    this.maxResponseBytes = options.maxResponseBytes ?? 4 * 1024 * 1024;
    this.identity = new SyftIdentity(this.config);
  }

  /** The caller's email: the `sender` of every request. */
  get email(): string {
    return this.config.email;
  }

  /**
   * Sends one request and resolves with its response, which may be a system response
   * (403 rejected, 404 vanished, 419 expired, 500 unreadable).
   *
   * @throws InvalidSyftUrlError for an invalid URL (or one leaving its datasite)
   * @throws UnsafeFolderError when a folder on the way to the request is a link
   * @throws InvalidTimeIntervalError for an invalid `expiry` or `timeout`
   * @throws SyftTimeoutError when no response arrives in time
   */
  async send(
    url: string | SyftBoxURL,
    options: SendOptions = {},
  ): Promise<RpcResponse> {
    const target = typeof url === 'string' ? SyftBoxURL.parse(url) : url;
    const method = (options.method ?? 'GET').toUpperCase() as SyftMethod;
    if (!SYFT_METHODS.includes(method)) {
      throw new TypeError(
        `Unknown method ${JSON.stringify(options.method)}: use one of ${SYFT_METHODS.join(', ')}`,
      );
    }
    const timeoutMs = parseTimeInterval(options.timeout ?? '5m');
    const created = SyftTimestamp.now();
    const request: SyftRequest = {
      id: randomUUID(),
      sender: this.email,
      url: target.toString(),
      body: options.encrypt
        ? await this.identity.encryptTo(target.host, serialize(options.body))
        : serialize(options.body),
      headers: options.headers ?? {},
      created,
      expires: created.plus(parseTimeInterval(options.expiry ?? '15m')),
      method,
    };
    const endpoint = target.toLocalPath(this.config.datasites);
    // The app's rpc folder, which its server lays out (an endpoint of a `{param}` route has no
    // folder of its own until asked): a wrong app name would otherwise wait out the whole
    // timeout in silence.
    const rpcAt = endpoint.indexOf(`${sep}rpc${sep}`);
    const appFolder = rpcAt < 0 ? endpoint : endpoint.slice(0, rpcAt + 4);
    if (!existsSync(appFolder)) {
      logger.warn(
        `${target.toString()}: no server has laid out ${appFolder} (a wrong app name or datasite, or a datasite not synced yet); waiting up to ${options.timeout ?? '5m'} for an answer anyway`,
      );
    }
    const dir = join(endpoint, this.email);
    makeFolderInside(this.config.datasites, dir);
    const pending: PendingRequest = {
      id: request.id,
      dir,
      expires: request.expires,
      url: request.url,
      receiver: target.host,
      maxBytes: this.maxResponseBytes,
    };
    const response = await this.await(
      pending,
      timeoutMs,
      target.toString(),
      () =>
        writeFileAtomically(
          join(dir, `${request.id}.request`),
          formatRequest(request),
        ),
    );
    return this.decrypted(response);
  }

  /**
   * Sends the same request to several endpoints at once and settles with each outcome, in
   * the order of `urls`. Unlike syft-rpc's bulk future, system responses complete too.
   */
  broadcast(
    urls: (string | SyftBoxURL)[],
    options: SendOptions = {},
  ): Promise<PromiseSettledResult<RpcResponse>[]> {
    return Promise.allSettled(urls.map(url => this.send(url, options)));
  }

  /** Stops every file watch (pending sends then rely on the safety poll). */
  close(): void {
    this.watchers.close();
  }

  /**
   * `response` with its body decrypted when it came as an encrypted payload.
   *
   * @throws SyftDecryptionError or InvalidKeyBundleError for a reply that cannot be read
   */
  private async decrypted(response: RpcResponse): Promise<RpcResponse> {
    const payload = response.isSystem
      ? undefined
      : parseEncryptedPayload(response.envelope.body);
    if (!payload) return response;
    const body = await this.identity.decrypt(payload);
    return new RpcResponse({ ...response.envelope, body }, false, true);
  }

  /**
   * Watches first (so that no event is missed), writes, and only then looks: on file events,
   * every safety poll, at the expiry instant, until the timeout. A look before the request
   * file is in place would report it missing (404) while the server is about to answer it.
   */
  private await(
    pending: PendingRequest,
    timeoutMs: number,
    url: string,
    write: () => void,
  ): Promise<RpcResponse> {
    return new Promise<RpcResponse>((resolve, reject) => {
      let written = false;
      let looking = false;
      let again = false;
      let done = false;
      const timers: NodeJS.Timeout[] = [];
      const finish = (outcome: () => void) => {
        done = true;
        unsubscribe();
        for (const timer of timers) clearTimeout(timer);
        outcome();
      };
      const look = async (): Promise<void> => {
        if (done || !written) return;
        if (looking) {
          again = true;
          return;
        }
        looking = true;
        try {
          const response = checkPendingRequest(pending);
          if (response && !done) finish(() => resolve(response));
        } catch (error) {
          finish(() =>
            reject(error instanceof Error ? error : new Error(String(error))),
          );
        } finally {
          looking = false;
        }
        if (again) {
          again = false;
          await look();
        }
      };
      const unsubscribe = this.watchers.subscribe(
        pending.dir,
        pending.id,
        () => void look(),
      );
      const startLooking = () => {
        written = true;
        timers.push(
          setInterval(() => void look(), this.safetyPollMs),
          setTimeout(
            () =>
              finish(() =>
                reject(new SyftTimeoutError(pending.id, url, timeoutMs)),
              ),
            timeoutMs,
          ),
          // Look again the moment the request expires, rather than at the next safety poll.
          setTimeout(
            () => void look(),
            Math.max(0, pending.expires.millis - Date.now() + 1),
          ),
        );
        void look();
      };
      try {
        write();
      } catch (error) {
        return finish(() =>
          reject(error instanceof Error ? error : new Error(String(error))),
        );
      }
      startLooking();
    });
  }
}
