import { socketPathFor } from '../messaging/socket-path.util';

/** A request as it travels to one serving process. */
export interface RequestFrame {
  id: string;
  /** The path as the caller wrote it, e.g. `/notes/2`. */
  path: string;
  method: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  /** The body as given (structured, not JSON text). */
  body: unknown;
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

/** The Unix socket a process serves memory-RPC requests on. */
export const rpcSocketPath = (poolPath: string, pid: number) =>
  socketPathFor(poolPath, `${pid}.rpc.sock`);

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
    typeof request.sender === 'string'
  );
}

function isStringRecord(value: unknown): value is Record<string, string> {
  return (
    typeof value === 'object' &&
    value !== null &&
    Object.values(value).every(item => typeof item === 'string')
  );
}
