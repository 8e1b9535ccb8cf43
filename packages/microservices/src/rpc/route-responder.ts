import type { LoggerService, RouteMatch, TransportRoute } from '@mvent/core';
import {
  outcomeOfError,
  outcomeOfResult,
  RouteTable,
  RpcRequest,
} from '@mvent/core';
import { PROCESS_ORIGIN } from '../wire/origin';
import type { WireRequest, WireResponse } from '../wire/rpc-wire';
import { toWireBody, wireBodyBytes } from '../wire/rpc-wire';

/**
 * Answers requests for the routes one process serves, the same way on every transport: the
 * most specific route wins, a path without a route is a 404, a refused body a 400 (from the
 * pipeline's pipes), a failing handler a 500, a handler over its timeout a 504.
 */
export class RouteResponder {
  private readonly table = new RouteTable<TransportRoute>();

  constructor(
    routes: readonly TransportRoute[],
    private readonly transport: string,
    private readonly logger: LoggerService,
  ) {
    for (const route of routes) this.table.add(route.path, route, route.name);
  }

  /** The route that serves `url`, if any. */
  match(url: string): RouteMatch<TransportRoute> | undefined {
    return this.table.matchPath(url);
  }

  /** Runs the request through its route's pipeline; never throws. */
  async answer(
    request: WireRequest,
    match = this.match(request.url),
  ): Promise<WireResponse> {
    const query = request.url.indexOf('?');
    const path = query < 0 ? request.url : request.url.slice(0, query);
    if (!match) return notFoundResponse(path, PROCESS_ORIGIN);
    const route = match.handler;
    try {
      const result = await route.invoke(
        new RpcRequest({
          id: request.id,
          sender: request.sender,
          url: request.url,
          method: request.method,
          path,
          headers: request.headers,
          query:
            query < 0
              ? {}
              : Object.fromEntries(
                  new URLSearchParams(request.url.slice(query + 1)),
                ),
          params: match.params,
          body: wireBodyBytes(request.body),
        }),
      );
      return toWireResponse(outcomeOfResult(result));
    } catch (error) {
      const outcome = outcomeOfError(error, route.name, false);
      if (outcome.statusCode >= 500) {
        this.logger.error(
          `${route.name} failed over ${this.transport}: ${(error as Error)?.stack ?? String(error)}`,
        );
      }
      return toWireResponse(outcome);
    }
  }
}

/** The 404 of a path nobody serves, as every transport answers it. */
export function notFoundResponse(path: string, servedBy = ''): WireResponse {
  return {
    statusCode: 404,
    headers: {},
    body: {
      json: {
        statusCode: 404,
        message: `No route ${path}`,
        error: 'Not Found',
      },
    },
    servedBy,
  };
}

function toWireResponse(outcome: {
  statusCode: number;
  headers: Record<string, string>;
  body: unknown;
}): WireResponse {
  return {
    statusCode: outcome.statusCode,
    headers: outcome.headers,
    body: toWireBody(outcome.body),
    servedBy: PROCESS_ORIGIN,
  };
}
