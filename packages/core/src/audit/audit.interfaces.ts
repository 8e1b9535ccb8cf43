/**
 * One handled call, as the {@link AuditInterceptor} records it.
 *
 * @publicApi
 */
export interface AuditRecord {
  /** When the call started, ISO 8601. */
  time: string;
  /** The transport: `'syft'`, `'memory'`, `'event'`, …. */
  transport: string;
  /** Who called (see `callerOf`), when known. */
  sender?: string;
  /** The route as declared, the event name, or the watched path. */
  route: string;
  /** `Class.method` that handled it. */
  handler: string;
  /** The response status: a `Response`'s, an `HttpException`'s, 200 or 500. */
  status: number;
  durationMs: number;
  /** The error's message, for a failed call. */
  error?: string;
}

/**
 * Where audit records go. `write` must not throw; a slow sink should buffer.
 *
 * @publicApi
 */
export interface AuditSink {
  write(record: AuditRecord): void | Promise<void>;
}

/** The token of the {@link AuditSink} the interceptor writes to. @publicApi */
export const AUDIT_SINK = 'mvent:audit_sink';
