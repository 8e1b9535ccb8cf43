import type {
  TransportRequest,
  TransportResponse,
  TransportRoute,
  TransportSubscription,
} from '@mvent/core';
import { stringifyJson, TransportTimeoutError } from '@mvent/core';
import type { Msg, Subscription } from '@nats-io/transport-node';
import { createHash } from 'node:crypto';
import { notFoundResponse, RouteResponder } from '../rpc/route-responder';
import { PROCESS_ORIGIN } from '../wire/origin';
import type { WireRequest, WireResponse } from '../wire/rpc-wire';
import {
  parseWireRequest,
  parseWireResponse,
  toTransportResponse,
  wireRequestOf,
} from '../wire/rpc-wire';
import { natsLibraries } from './nats-libraries';
import { requestSubject, routeSubject } from './nats-subjects';
import type { NatsContext } from './nats-transport';

const encoder = new TextEncoder();

/**
 * Serves `routes` over NATS request/reply: one subscription per route, in a queue group that
 * every instance serving the route shares, so each request is answered exactly once. Where
 * two routes overlap (`/api/v1/users`, `/api/{version}/users`), the instance picked for the
 * less specific one leaves the request to the more specific one's group.
 */
export function serveOverNats(
  context: NatsContext,
  routes: readonly TransportRoute[],
): TransportSubscription {
  const { connection, settings, counters, logger } = context;
  const responder = new RouteResponder(routes, 'nats', logger);
  const inFlight = new Set<Promise<void>>();
  const answer = async (message: Msg, route: TransportRoute): Promise<void> => {
    let request: WireRequest;
    try {
      request = parseWireRequest(message.data);
    } catch (error) {
      respond(message, badRequest((error as Error).message));
      return;
    }
    const match = responder.match(request.url);
    if (match && match.handler !== route) return; // the more specific route's group answers
    if (Date.now() > request.deadline) return; // the caller has given up
    counters.served++;
    respond(message, await responder.answer(request, match));
  };
  const subscriptions: Subscription[] = routes.map(route =>
    connection.subscribe(routeSubject(settings.rpcPrefix, route.path), {
      queue: `${settings.queue}-${createHash('sha256').update(route.path.shape).digest('hex').slice(0, 12)}`,
      callback: (error, message) => {
        if (error) return;
        const work = answer(message, route).finally(() =>
          inFlight.delete(work),
        );
        inFlight.add(work);
      },
    }),
  );
  return {
    close: async () => {
      await Promise.all(
        subscriptions.map(sub => sub.drain().catch(() => undefined)),
      );
      await Promise.all(inFlight);
    },
  };
}

/**
 * Sends a request and waits for its one response.
 *
 * @throws TransportTimeoutError when nobody answers within the timeout
 */
export async function requestOverNats(
  context: NatsContext,
  url: string,
  request: TransportRequest = {},
): Promise<TransportResponse> {
  const { nats } = natsLibraries();
  const timeout = request.timeout ?? context.settings.requestTimeout;
  const wire = wireRequestOf(url, request, timeout);
  context.counters.requests++;
  let response: WireResponse;
  try {
    const reply = await context.connection.request(
      requestSubject(context.settings.rpcPrefix, url),
      encoder.encode(stringifyJson(wire)),
      { timeout },
    );
    response = parseWireResponse(reply.data);
  } catch (error) {
    if (error instanceof nats.RequestError && error.isNoResponders()) {
      response = notFoundResponse(url.split('?')[0]);
    } else if (
      error instanceof nats.TimeoutError ||
      (error as Error)?.cause instanceof nats.TimeoutError
    ) {
      throw new TransportTimeoutError('nats', url, timeout);
    } else {
      throw error;
    }
  }
  return toTransportResponse(response);
}

function respond(message: Msg, response: WireResponse): void {
  message.respond(encoder.encode(stringifyJson(response)));
}

function badRequest(reason: string): WireResponse {
  return {
    statusCode: 400,
    headers: {},
    body: { json: { statusCode: 400, message: reason, error: 'Bad Request' } },
    servedBy: PROCESS_ORIGIN,
  };
}
