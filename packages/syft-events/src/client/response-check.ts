import { readdir, readFile, stat, unlink } from 'node:fs/promises';
import { join } from 'node:path';
import type { SyftTimestamp } from '../protocol/syft-timestamp';
import { parseResponse } from '../protocol/rpc-envelope';
import { RpcResponse } from './rpc-response';

/** A request the client is waiting on. */
export interface PendingRequest {
  id: string;
  /** The sender folder the request was written to. */
  dir: string;
  expires: SyftTimestamp;
}

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
export async function checkPendingRequest(
  request: PendingRequest,
  now = Date.now(),
): Promise<RpcResponse | undefined> {
  const names = await readdir(request.dir).catch(() => [] as string[]);
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
  const remove = (...files: (string | undefined)[]) =>
    Promise.all(
      files
        .filter((f): f is string => f !== undefined)
        .map(f => unlink(join(request.dir, f)).catch(() => undefined)),
    );

  if (marker) {
    await remove(requestFile, marker);
    return RpcResponse.system(
      403,
      'Request was rejected by the SyftBox cache server due to permissions issue',
    );
  }
  if (responseFile) {
    const path = join(request.dir, responseFile);
    try {
      const envelope = parseResponse(await readFile(path, 'utf8'));
      await remove(requestFile, responseFile);
      return new RpcResponse(
        envelope.expires.millis < now
          ? { ...envelope, statusCode: 419 }
          : envelope,
      );
    } catch (error) {
      const modified = await stat(path).then(
        s => s.mtimeMs,
        () => 0,
      );
      if (now - modified < RESPONSE_SETTLE_MS) return undefined; // still being written
      return RpcResponse.system(
        500,
        `Error loading response: ${(error as Error).message}`,
      );
    }
  }
  if (!requestFile) {
    return RpcResponse.system(404, `Request with ${request.id} not found`);
  }
  if (request.expires.millis < now) {
    await remove(requestFile);
    return RpcResponse.system(
      419,
      `Request with ${request.id} expired on ${request.expires.toString()}`,
    );
  }
  return undefined;
}
