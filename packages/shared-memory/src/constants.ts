/** Metadata keys, DI tokens and defaults of `@mvent/shared-memory`. */

export { ON_EVENT_METADATA } from '@mvent/core';
/** DI token of the module options. */
export const SHARED_MEMORY_OPTIONS = Symbol('SHARED_MEMORY_OPTIONS');

/** Default largest encoded value: 1 MiB. */
export const DEFAULT_MAX_VALUE_BYTES = 1024 * 1024;
/** Default largest pool entries: 256 MiB. */
export const DEFAULT_MAX_POOL_BYTES = 256 * 1024 * 1024;
/** Default event log size: 32 MiB, four terms of 8 MiB (about 150k events of 100 bytes). */
export const DEFAULT_LOG_BYTES = 32 * 1024 * 1024;
/**
 * How long a reader waits for a live writer stopped in the middle of an event before it skips
 * it (the writer appends it again when it resumes). A dead writer's event is skipped at once.
 */
export const UNBLOCK_AFTER_MS = 1000;
/** Default replay retention by age: 10 minutes. */
export const DEFAULT_RETENTION_AGE_MS = 10 * 60 * 1000;
/** How often a process checks the log while events flow (covers a lost nudge). */
export const SAFETY_POLL_MS = 100;
/** How often it checks once nothing happened for {@link IDLE_AFTER_MS}: each lmdb read costs a timer. */
export const IDLE_POLL_MS = 1000;
/** A process is idle after this long without events. */
export const IDLE_AFTER_MS = 2000;
/** How often the elected process sweeps expired entries and old log records. */
export const SWEEP_INTERVAL_MS = 1000;
/** How long the sweeper lease lasts without renewal (a killed sweeper is replaced after this). */
export const SWEEPER_LEASE_MS = 3000;
/** How often a process refreshes its registry record, stats and peer list. */
export const HEARTBEAT_MS = 1000;
/** Pool names: letters, digits, `.`, `_` and `-`, not starting with a dot, at most 100. */
export const POOL_NAME_PATTERN = /^[A-Za-z0-9_-][A-Za-z0-9._-]{0,99}$/;
/** The Unix-socket path limit on Linux (108 bytes including the terminator). */
export const MAX_SOCKET_PATH = 107;
/**
 * Events whose names start with this prefix carry mvent's own traffic (RPC, streams, rooms).
 * Only patterns that start with it see them, so `**` does not.
 */
export const INTERNAL_EVENT_PREFIX = 'mvent.';
/**
 * How long a memory-RPC connection keeps its event loop turning after traffic, so the next
 * frame is seen without waiting for the kernel to wake the process: over a shared ring the
 * reader polls this long before it parks; over a bare socket only traffic that came in quick
 * succession spins (see `EventLoopSpinner`).
 */
export const SPIN_WINDOW_MS = 0.2;
/**
 * How long an RPC client reuses the route table it read from the pool, for routes whose
 * servers it is connected to. A server that starts serving a route joins the rotation
 * within this time; a route nobody was known to serve is always looked up afresh.
 */
export const ROUTE_TABLE_MAX_AGE_MS = 100;
