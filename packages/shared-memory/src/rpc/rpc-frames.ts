import { stringifyJson } from '@mvent/core';
import { socketPathFor } from '../messaging/socket-path.util';

/** A request as it travels to one serving process. */
export interface RequestFrame {
  id: string;
  /** The path as the caller wrote it, e.g. `/notes/2`. */
  path: string;
  method: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  /** The body as the route reads it (see {@link bodyBytes}). */
  body: Uint8Array | null;
  /** The caller's identity for `@Sender()`. */
  sender: string;
}

/** A response frame: a whole response, or one part of a streamed one. */
export type ResponseFrame =
  | {
      id: string;
      kind: 'response';
      statusCode: number;
      headers: Record<string, string>;
      body: unknown;
    }
  | { id: string; kind: 'stream-start'; headers: Record<string, string> }
  | { id: string; kind: 'chunks'; chunks: unknown[] }
  | { id: string; kind: 'end' }
  | { id: string; kind: 'error'; statusCode: number; body: unknown };

/** The answer for a path nobody serves, as both ends give it. */
export function notFound(path: string) {
  return {
    statusCode: 404,
    headers: {} as Record<string, string>,
    body: { statusCode: 404, message: `No route ${path}`, error: 'Not Found' },
  };
}

/** The answer of a server that is shutting down (`close()`), to a request it cannot finish. */
export function serviceUnavailable() {
  return {
    statusCode: 503,
    headers: {} as Record<string, string>,
    body: {
      statusCode: 503,
      message: 'The server is shutting down',
      error: 'Service Unavailable',
    },
  };
}

/** A 500 whose message the caller may read (it says nothing of the handler's code). */
export function internalError(message: string) {
  return {
    statusCode: 500,
    headers: {} as Record<string, string>,
    body: { statusCode: 500, message, error: 'Internal Server Error' },
  };
}

/** The Unix socket a process serves memory-RPC requests on. */
export const rpcSocketPath = (poolPath: string, pid: number) =>
  socketPathFor(poolPath, `${pid}.rpc.sock`);

/**
 * A request body as routes read it (`request.json()`, `text()`, `body`): bytes as they are,
 * text as UTF-8, and any other value as JSON. The caller converts it, so the serving process
 * does no encoding work and a value that is not JSON fails before anything is sent.
 *
 * @throws TypeError when the value has no JSON form (a function, a cycle)
 */
export function bodyBytes(body: unknown): Buffer | null {
  if (body === undefined || body === null) return null;
  if (body instanceof Uint8Array) {
    return Buffer.from(body.buffer, body.byteOffset, body.byteLength);
  }
  if (typeof body === 'string') return Buffer.from(body, 'utf8');
  const json = stringifyJson(body);
  if (json === undefined)
    throw new TypeError(`a ${typeof body} has no JSON form`);
  return Buffer.from(json, 'utf8');
}

/** Whether a frame read from a socket has the shape of a request (anyone may connect). */
export function isRequestFrame(frame: unknown): frame is RequestFrame {
  const request = frame as Partial<RequestFrame> | null;
  return (
    typeof request === 'object' &&
    request !== null &&
    typeof request.id === 'string' &&
    typeof request.path === 'string' &&
    request.path.startsWith('/') &&
    typeof request.method === 'string' &&
    isStringRecord(request.headers) &&
    isStringRecord(request.query) &&
    (request.body === null || request.body instanceof Uint8Array) &&
    typeof request.sender === 'string'
  );
}

function isStringRecord(value: unknown): value is Record<string, string> {
  if (typeof value !== 'object' || value === null) return false;
  for (const key in value) {
    if (typeof (value as Record<string, unknown>)[key] !== 'string') {
      return false;
    }
  }
  return true;
}
