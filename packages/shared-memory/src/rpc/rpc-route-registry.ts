import { RoutePath, RouteTable } from '@mvent/core';
import { ROUTE_TABLE_MAX_AGE_MS } from '../constants';
import { isAlive } from '../messaging/channel-name.util';
import type { SharedMemoryPool } from '../pool/shared-memory-pool';

/** The pool key that lists, per route path, the pids serving it. */
const ROUTES_KEY = 'mvent.rpc.routes';

type RouteRecords = Record<string, number[]>;

/**
 * Route changes made by this process. A table read before one is never reused, so a server
 * that closes here is out of this process's lookups at once; other processes see it within
 * the lookup's `maxAgeMs`, or sooner, when its sockets close.
 */
let localChanges = 0;

/**
 * Which processes serve which routes, in one pool entry every process can read. Servers add
 * themselves at start and remove themselves at close; readers skip processes that died.
 */
export class RpcRouteRegistry {
  private cache:
    | {
        version: number;
        table: RouteTable<number[]>;
        checkedAt: number;
        localChanges: number;
      }
    | undefined;

  constructor(private readonly pool: SharedMemoryPool) {}

  /** Adds this process as a server of `paths`. */
  register(paths: string[]): void {
    localChanges++;
    this.pool.updateInternal<RouteRecords>(ROUTES_KEY, parseRoutes, records => {
      const next = { ...records };
      for (const path of paths) {
        next[path] = [...new Set([...(next[path] ?? []), process.pid])];
      }
      return next;
    });
  }

  /** Removes this process (and processes that died) from every route. */
  unregister(): void {
    localChanges++;
    this.pool.updateInternal<RouteRecords>(ROUTES_KEY, parseRoutes, records =>
      Object.fromEntries(
        Object.entries(records ?? {})
          .map(([path, pids]): [string, number[]] => [
            path,
            pids.filter(pid => pid !== process.pid && isAlive(pid)),
          ])
          .filter(([, pids]) => pids.length > 0),
      ),
    );
  }

  /** Every served route with its live serving pids. */
  routes(): { path: string; pids: number[] }[] {
    const records = this.pool.getInternal(ROUTES_KEY, parseRoutes) ?? {};
    return Object.entries(records)
      .map(([path, pids]) => ({ path, pids: pids.filter(isAlive) }))
      .filter(({ pids }) => pids.length > 0);
  }

  /**
   * The pids listed for the route that matches `path`, dead ones included (none if no route
   * matches). A table checked against the pool less than {@link ROUTE_TABLE_MAX_AGE_MS} ago,
   * with no route change in this process since, is used when `canReuse` accepts what it
   * lists; otherwise the pool is read.
   */
  /** Whether the table lists this process for every one of `paths`. */
  lists(paths: readonly string[]): boolean {
    const records = this.pool.getInternal(ROUTES_KEY, parseRoutes) ?? {};
    return paths.every(path => records[path]?.includes(process.pid));
  }

  lookup(
    path: string,
    canReuse: (pids: readonly number[]) => boolean = () => false,
  ): readonly number[] {
    const recent = this.recentTable()?.matchPath(path)?.handler;
    if (recent && canReuse(recent)) return recent;
    return this.table().matchPath(path)?.handler ?? [];
  }

  private recentTable(): RouteTable<number[]> | undefined {
    const cache = this.cache;
    return cache?.localChanges === localChanges &&
      performance.now() - cache.checkedAt < ROUTE_TABLE_MAX_AGE_MS
      ? cache.table
      : undefined;
  }

  /** The routes as a table, read from the pool and rebuilt only when the entry changed. */
  private table(): RouteTable<number[]> {
    const version = this.pool.versionOf(ROUTES_KEY);
    const table =
      this.cache?.version === version ? this.cache.table : this.readTable();
    this.cache = { version, table, checkedAt: performance.now(), localChanges };
    return table;
  }

  private readTable(): RouteTable<number[]> {
    const records = this.pool.getInternal(ROUTES_KEY, parseRoutes) ?? {};
    const table = new RouteTable<number[]>();
    for (const [path, pids] of Object.entries(records)) {
      try {
        table.add(RoutePath.parse(path), pids);
      } catch {
        // The same route under another parameter name: the first one serves it.
      }
    }
    return table;
  }
}

/** The route table as stored, or `undefined` when the entry holds anything else. */
function parseRoutes(value: unknown): RouteRecords | undefined {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return undefined;
  }
  const valid = Object.values(value).every(
    pids =>
      Array.isArray(pids) &&
      pids.every(pid => Number.isSafeInteger(pid) && pid > 0),
  );
  return valid ? (value as RouteRecords) : undefined;
}
