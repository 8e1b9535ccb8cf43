/** A request as it travels on the log, to one serving process. */
export interface RequestFrame {
  id: string;
  /** The path as the caller wrote it, e.g. `/notes/2`. */
  path: string;
  method: string;
  headers: Record<string, string>;
  query: Record<string, string>;
  /** The body as given (structured, not JSON text). */
  body: unknown;
  /** The caller's pid: responses go to `mvent.rpc.res.<pid>`. */
  from: number;
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

/** The event a process receives requests on. */
export const requestEvent = (pid: number) => `mvent.rpc.req.${pid}`;
/** The event a process receives responses on. */
export const responseEvent = (pid: number) => `mvent.rpc.res.${pid}`;
