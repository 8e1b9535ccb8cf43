import { lstatSync, realpathSync } from 'node:fs';
import { mkdir, unlink } from 'node:fs/promises';
import { basename, dirname, join, relative } from 'node:path';
import type { LoggerService, RouteTable, RpcOutcome } from '@mvent/core';
import {
  HttpStatus,
  INTERNAL_ERROR_BODY,
  outcomeOfError,
  outcomeOfResult,
  RoutePath,
  RpcRequest,
} from '@mvent/core';
import type {
  SyftRequest,
  SyftResponse,
} from '../interfaces/rpc-envelope.interface';
import type { ServedRoute } from '../interfaces/served-route.interface';
import { formatRequest, formatResponse } from '../protocol/rpc-envelope';
import { serialize } from '../protocol/serialize.util';
import { isSyftStatus } from '../protocol/syft-status';
import { SyftTimestamp } from '../protocol/syft-timestamp';
import { SyftBoxURL } from '../syftbox/syftbox-url';
import { writeFileAtomically } from '../util/atomic-write.util';
import type { RequestEncryption } from './request-encryption';
import type { JsonNumbers } from '@mvent/core';
import type { ConcurrencyLimiter } from '../util/concurrency.util';
import { KeyedSerializer } from '../util/concurrency.util';
import type { ReadLimits } from './request-reader';
import { readRequestFile } from './request-reader';
import type { RequestLocation } from './request-location.util';
import { locateRequest } from './request-location.util';

/** What the processor needs to know about the app it serves. */
export interface RequestProcessorContext extends ReadLimits {
  /** The app's `rpc/` folder. */
  rpcDir: string;
  /** `<data_dir>/datasites`. */
  datasites: string;
  /** The server owner's email: the datasite the app lives in. */
  email: string;
  appName: string;
  routes: RouteTable<ServedRoute>;
  /** Limits how many handlers run at once. */
  limiter: ConcurrencyLimiter;
  debug: boolean;
  logger: LoggerService;
  /** Decrypts requests and encrypts replies. */
  encryption: RequestEncryption;
  /** Serve a request in an unserved sub-folder with the endpoint above it (Python's way). */
  nestedRequests: boolean;
  /** How JSON numbers are read and written. */
  jsonNumbers: JsonNumbers;
}

/** Counters of a running server. */
export interface RequestStats {
  /** Responses written, by status code. */
  answered: Record<number, number>;
  /** Files skipped: not requests, symlinks, already answered. */
  ignored: number;
  /** Legacy requests moved into their sender folder. */
  migrated: number;
}

const DAY_MS = 86_400_000;
/** Anything a sender folder may be called: no separators, not `.`/`..`, not hidden. */
const SAFE_FOLDER_NAME = /^[^/\\\0.][^/\\\0]{0,254}$/;

/**
 * Answers request files, one call per file event, never throwing. Each file is read
 * (with retries while it is being written), checked against its location, served by the
 * route of its folder, and answered beside itself. A file is handled at most once at a
 * time (in-flight set) and never again once its `.response` exists; requests with the same
 * id run one after another.
 */
export class RequestProcessor {
  readonly stats: RequestStats = { answered: {}, ignored: 0, migrated: 0 };
  private readonly inFlight = new Set<string>();
  private readonly perId = new KeyedSerializer();
  private readonly active = new Set<Promise<void>>();
  private realRpcDir: string | undefined;

  constructor(private readonly context: RequestProcessorContext) {}

  /** How many files are being handled right now. */
  get inFlightCount(): number {
    return this.inFlight.size;
  }

  /** Whether a file is being handled right now (cleanup leaves it alone). */
  isInFlight(path: string): boolean {
    return this.inFlight.has(path);
  }

  /** Handles the file at `path` if it is an unanswered request. Never rejects. */
  process(path: string): Promise<void> {
    if (!path.endsWith('.request') || this.inFlight.has(path)) {
      return Promise.resolve();
    }
    this.inFlight.add(path);
    const work = this.handle(path)
      .catch((error: unknown) =>
        this.context.logger.error(
          `Request ${path} could not be answered: ${(error as Error)?.stack ?? String(error)}`,
        ),
      )
      .finally(() => {
        this.inFlight.delete(path);
        this.active.delete(work);
      });
    this.active.add(work);
    return work;
  }

  /** Resolves once every file being handled is done. */
  async drained(): Promise<void> {
    while (this.active.size > 0) await Promise.all(this.active);
  }

  private async handle(path: string): Promise<void> {
    const location = locateRequest(
      this.context.rpcDir,
      path,
      this.context.routes,
      this.context.nestedRequests,
    );
    if ('ignored' in location) {
      return this.ignore(path, location.ignored);
    }
    const unsafe = this.checkFilesystem(path, location.responsePath);
    if (unsafe) {
      return this.ignore(path, unsafe);
    }
    const read = await readRequestFile(path, {
      maxBytes: this.context.maxBytes,
      settleMs: this.context.settleMs,
      maxWaitMs: this.context.maxWaitMs,
    });
    if ('gone' in read) return;
    if ('ignored' in read) {
      // Swapped for a link, a FIFO or a device after it was found: never read, never answered.
      this.context.logger.warn(`Ignoring ${path}: ${read.ignored}`);
      return this.ignore(path, read.ignored);
    }
    if ('invalid' in read) {
      return this.answerUnreadable(
        path,
        location,
        `Error loading request: ${read.invalid}`,
      );
    }
    if (location.kind === 'legacy') {
      return this.migrate(path, location, read.request);
    }
    const mismatch = this.checkContents(location, read.request);
    if (mismatch) {
      return this.answerUnreadable(
        path,
        location,
        `Error loading request: the request does not match its location: ${mismatch}`,
      );
    }
    const opened = await this.context.encryption.open(read.request);
    if ('refused' in opened) {
      // In plaintext: whoever sent it may not be able to read anything else.
      this.context.logger.warn(`Refusing ${path}: ${opened.detail}`);
      const refusal = text(
        HttpStatus.BAD_REQUEST,
        `Cannot decrypt the request: ${opened.refused}`,
      );
      return this.answer(location.responsePath, read.request, refusal, false);
    }
    const outcome = await this.perId.run(location.id, () =>
      this.serve(location, read.request, opened),
    );
    await this.answer(
      location.responsePath,
      read.request,
      outcome,
      location.route?.handler.encryptReply === true,
    );
  }

  /**
   * Why the file must not be touched, or `undefined`: symlinks, folders that resolve
   * elsewhere, answered. Synchronous, as every file operation of a round trip (see
   * `readFileSafely`).
   */
  private checkFilesystem(
    path: string,
    responsePath: string,
  ): string | undefined {
    const stats = lstatSync(path, { throwIfNoEntry: false });
    if (!stats?.isFile()) {
      return 'not a regular file (symbolic links are never followed)';
    }
    this.realRpcDir ??= realpathSync.native(this.context.rpcDir);
    const expected = join(
      this.realRpcDir,
      relative(this.context.rpcDir, dirname(path)),
    );
    if (realFolderOf(path) !== expected) {
      return 'its folder resolves outside the rpc folder';
    }
    if (lstatSync(responsePath, { throwIfNoEntry: false })) {
      return 'already answered';
    }
    return undefined;
  }

  /** Why the file's `id`, `sender` or `url` disagree with where it lies, or `undefined`. */
  private checkContents(
    location: RequestLocation,
    request: SyftRequest,
  ): string | undefined {
    if (request.id !== location.id) {
      return `id ${request.id} differs from the file name`;
    }
    if (
      request.sender.normalize('NFC') !== location.senderDir.normalize('NFC')
    ) {
      return `sender ${JSON.stringify(request.sender)} differs from the sender folder ${JSON.stringify(location.senderDir)}`;
    }
    const url = SyftBoxURL.parse(request.url);
    const expected = [
      'app_data',
      this.context.appName,
      'rpc',
      ...location.endpointSegments,
    ];
    const actual = RoutePath.segmentsOf(url.path);
    if (
      url.host.toLowerCase() !== this.context.email.toLowerCase() ||
      actual.join('/') !== expected.join('/')
    ) {
      return `url ${request.url} does not address this endpoint`;
    }
    return undefined;
  }

  private async serve(
    location: RequestLocation & {
      route?: { handler: ServedRoute; params: Record<string, string> };
    },
    request: SyftRequest,
    opened: { request: SyftRequest; encrypted: boolean },
  ): Promise<RpcOutcome> {
    const path = `/${location.endpointSegments.join('/')}`;
    if (!location.route) {
      const hint = location.servedAbove
        ? ` (it is under ${location.servedAbove}; nestedRequests: 'parent' serves it there, as Python syft-event does)`
        : '';
      return text(
        HttpStatus.NOT_FOUND,
        `No endpoint ${path} in app ${this.context.appName}${hint}`,
      );
    }
    if (request.expires.millis < Date.now()) {
      return text(419, 'Request expired');
    }
    const { handler, params } = location.route;
    const decrypted = opened.request;
    const rpcRequest = new RpcRequest({
      id: request.id,
      // One spelling per sender: "émile" composed (NFC) and decomposed (NFD) are one sender.
      sender: request.sender.normalize('NFC'),
      url: request.url,
      method: request.method,
      path,
      headers: decrypted.headers,
      query: SyftBoxURL.parse(request.url).query,
      params,
      body: decrypted.body,
      encrypted: opened.encrypted,
      jsonNumbers: this.context.jsonNumbers,
    });
    return this.context.limiter.run(async () => {
      try {
        return outcomeOfResult(await handler.invoke(rpcRequest));
      } catch (error) {
        const outcome = outcomeOfError(error, handler.name, this.context.debug);
        if (outcome.statusCode >= 500) {
          this.context.logger.error(
            `${handler.name} failed on request ${request.id}: ${(error as Error)?.stack ?? String(error)}`,
          );
        }
        return outcome;
      }
    });
  }

  /** Writes the response of a served request: same id, url and expiry, the owner as sender. */
  private async answer(
    responsePath: string,
    request: SyftRequest,
    outcome: RpcOutcome,
    encrypt: boolean,
  ): Promise<void> {
    let { statusCode, headers, body } = this.encode(outcome, request.id);
    if (encrypt) {
      try {
        body = await this.context.encryption.identity.encryptTo(
          request.sender,
          body,
        );
      } catch (error) {
        // Answered in plaintext with the reason; every other request is still served.
        this.context.logger.error(
          `The reply to ${request.id} cannot be encrypted: ${(error as Error).message}`,
        );
        const reason = this.context.encryption.describeForSender(error);
        ({ statusCode, headers, body } = {
          statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
          headers: {},
          body: serialize(`The reply could not be encrypted: ${reason}`),
        });
      }
    }
    this.write(responsePath, {
      id: request.id,
      sender: this.context.email,
      url: request.url,
      body,
      headers,
      created: SyftTimestamp.now(),
      expires: request.expires,
      statusCode,
    });
  }

  /** A 400 for a file that cannot be trusted, shaped as Python's: the folder's URL, a day's expiry. */
  private answerUnreadable(
    path: string,
    location: RequestLocation,
    message: string,
  ): void {
    this.context.logger.warn(`${path}: ${message}`);
    const now = SyftTimestamp.now();
    this.write(location.responsePath, {
      id: location.id,
      sender: this.context.email,
      url: SyftBoxURL.fromLocalPath(
        dirname(path),
        this.context.datasites,
      ).toString(),
      body: serialize(message),
      headers: {},
      created: now,
      expires: now.plus(DAY_MS),
      statusCode: HttpStatus.BAD_REQUEST,
    });
  }

  /** Moves a legacy request into its sender folder, re-serialised, as Python does. */
  private async migrate(
    path: string,
    location: RequestLocation,
    request: SyftRequest,
  ): Promise<void> {
    if (!SAFE_FOLDER_NAME.test(request.sender) || request.id !== location.id) {
      return this.answerUnreadable(
        path,
        location,
        `Error loading request: legacy request with an unusable sender ${JSON.stringify(request.sender)} or id`,
      );
    }
    const folder = join(dirname(path), request.sender);
    await mkdir(folder, { recursive: true });
    if (!lstatSync(folder).isDirectory()) {
      // A link planted where the sender folder goes: never written through.
      return this.answerUnreadable(
        path,
        location,
        `Error loading request: the sender folder ${JSON.stringify(request.sender)} is not a folder`,
      );
    }
    writeFileAtomically(join(folder, basename(path)), formatRequest(request), {
      replace: false,
    });
    await unlink(path);
    this.stats.migrated++;
  }

  /** Status, headers and body bytes, falling back to a 500 when the outcome cannot go on the wire. */
  private encode(
    outcome: RpcOutcome,
    id: string,
  ): Pick<SyftResponse, 'statusCode' | 'headers' | 'body'> {
    const status: unknown = outcome.statusCode;
    const problem = !isSyftStatus(status)
      ? `status ${String(status)} is not a SyftStatus (HTTP status codes, 419 and 499)`
      : undefined;
    if (!problem) {
      try {
        return {
          statusCode: outcome.statusCode,
          headers: Object.fromEntries(
            Object.entries(outcome.headers).map(([k, v]) => [k, String(v)]),
          ),
          body: serialize(outcome.body),
        };
      } catch (error) {
        this.context.logger.error(
          `The response to ${id} cannot be serialised: ${(error as Error).message}`,
        );
      }
    } else {
      this.context.logger.error(`The response to ${id} is invalid: ${problem}`);
    }
    return {
      statusCode: HttpStatus.INTERNAL_SERVER_ERROR,
      headers: {},
      body: serialize(INTERNAL_ERROR_BODY),
    };
  }

  private write(responsePath: string, response: SyftResponse): void {
    writeFileAtomically(responsePath, formatResponse(response));
    this.stats.answered[response.statusCode] =
      (this.stats.answered[response.statusCode] ?? 0) + 1;
  }

  private ignore(path: string, reason: string): void {
    this.stats.ignored++;
    this.context.logger.debug?.(`Ignoring ${path}: ${reason}`);
  }
}

function text(statusCode: number, body: string): RpcOutcome {
  return { statusCode, headers: {}, body };
}

/** The real path of the folder holding `path`, or `''` when it vanished. */
function realFolderOf(path: string): string {
  try {
    return realpathSync.native(dirname(path));
  } catch {
    return '';
  }
}
