import { readdirSync, unlinkSync } from 'node:fs';
import { join } from 'node:path';
import { Logger, RoutePath } from '@mvent/core';
import type { SyftResponse } from '../interfaces/rpc-envelope.interface';
import type { SyftTimestamp } from '../protocol/syft-timestamp';
import { parseResponse } from '../protocol/rpc-envelope';
import { SyftBoxURL } from '../syftbox/syftbox-url';
import { readFileSafely } from '../util/safe-read.util';
import { RpcResponse } from './rpc-response';

/** A request the client is waiting on. */
export interface PendingRequest {
  id: string;
  /** The sender folder the request was written to. */
  dir: string;
  expires: SyftTimestamp;
  /** The request's URL, which its response must repeat. */
  url: string;
  /** Whose datasite it went to: the response must come from them. */
  receiver: string;
  /** Larger response files are refused unread (`maxResponseBytes`). */
  maxBytes: number;
}

const logger = new Logger('SyftRpcClient');

const MARKER = /^[^.]+\.(syftrejected|rejected)(\.\d+)?\.request$/i;
/** A response that does not parse is given this long to finish being written (Python's B2). */
const RESPONSE_SETTLE_MS = 1000;

/**
 * One look at a pending request's folder, in syft-rpc's order: a rejection marker (403),
 * the response, the request gone (404), the request expired (419). Returns `undefined`
 * while there is nothing yet. A response is consumed (the request and response files are
 * removed, as Python does) only once it parsed; an unreadable one gives a system 500 and
 * stays on disk.
 */
export function checkPendingRequest(
  request: PendingRequest,
  now = Date.now(),
): RpcResponse | undefined {
  // Synchronous, as every file operation of a round trip (see `readFileSafely`).
  let names: string[];
  try {
    names = readdirSync(request.dir);
  } catch {
    names = [];
  }
  const own = names.filter(name =>
    name.toLowerCase().startsWith(`${request.id}.`),
  );
  const requestFile = own.find(
    name => name.toLowerCase() === `${request.id}.request`,
  );
  const responseFile = own.find(
    name => name.toLowerCase() === `${request.id}.response`,
  );
  const marker = own.find(name => MARKER.test(name));
  const remove = (...files: (string | undefined)[]) => {
    for (const file of files) {
      if (file === undefined) continue;
      try {
        unlinkSync(join(request.dir, file));
      } catch {
        // Already gone: what was to be removed is.
      }
    }
  };

  if (marker) {
    remove(requestFile, marker);
    return RpcResponse.system(
      403,
      'Request was rejected by the SyftBox cache server due to permissions issue',
    );
  }
  if (responseFile) {
    const path = join(request.dir, responseFile);
    const read = readFileSafely(path, request.maxBytes);
    if ('missing' in read) return undefined;
    if ('refused' in read || 'tooLarge' in read) {
      return refuse(
        path,
        'refused' in read
          ? `it is ${read.refused}`
          : `it is ${read.tooLarge} bytes or more, over the client's maxResponseBytes of ${request.maxBytes}`,
      );
    }
    let envelope: SyftResponse;
    try {
      envelope = parseResponse(read.bytes.toString('utf8'));
    } catch (error) {
      if (now - read.modifiedAt < RESPONSE_SETTLE_MS) return undefined; // still being written
      return RpcResponse.system(
        500,
        `Error loading response: ${(error as Error).message}`,
      );
    }
    const mismatch = mismatchOf(envelope, request);
    if (mismatch) return refuse(path, mismatch);
    remove(requestFile, responseFile);
    return new RpcResponse(
      envelope.expires.millis < now
        ? { ...envelope, statusCode: 419 }
        : envelope,
    );
  }
  if (!requestFile) {
    return RpcResponse.system(404, `Request with ${request.id} not found`);
  }
  if (request.expires.millis < now) {
    remove(requestFile);
    return RpcResponse.system(
      419,
      `Request with ${request.id} expired on ${request.expires.toString()}`,
    );
  }
  return undefined;
}

/** Why a response does not answer `request` (its id, sender or url differ), or `undefined`. */
function mismatchOf(
  response: SyftResponse,
  request: PendingRequest,
): string | undefined {
  if (response.id !== request.id) {
    return `its id ${response.id} is not the request's`;
  }
  const sender = response.sender.normalize('NFC').toLowerCase();
  if (sender !== request.receiver.normalize('NFC').toLowerCase()) {
    return `it comes from ${JSON.stringify(response.sender)}, not from ${JSON.stringify(request.receiver)}`;
  }
  if (!addressesSameEndpoint(response.url, request.url)) {
    return `its url ${response.url} does not address the request's endpoint ${request.url}`;
  }
  return undefined;
}

/**
 * Whether a response's url is the request's, query aside, or a folder below it: a server
 * answers a request it cannot read with the url of the folder it found it in (Python's
 * shape), `<endpoint>/<sender>`.
 */
function addressesSameEndpoint(
  responseUrl: string,
  requestUrl: string,
): boolean {
  try {
    const response = SyftBoxURL.parse(responseUrl);
    const request = SyftBoxURL.parse(requestUrl);
    const responsePath = RoutePath.segmentsOf(response.path);
    const requestPath = RoutePath.segmentsOf(request.path);
    return (
      response.host.toLowerCase() === request.host.toLowerCase() &&
      requestPath.every((segment, i) => responsePath[i] === segment)
    );
  } catch {
    return false;
  }
}

/** A response that cannot be the answer: a system 500, logged, the files kept for inspection. */
function refuse(path: string, reason: string): RpcResponse {
  logger.warn(`Refusing the response ${path}: ${reason}. The files are kept.`);
  return RpcResponse.system(500, `Error loading response: ${reason}`);
}
