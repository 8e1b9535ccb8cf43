import { RpcRequest } from '../rpc/rpc-request';
import type {
  ArgumentsHost,
  RouteCallContext,
} from './arguments-host.interface';

/**
 * Who made a call, as the throttler and the audit log count it: the sender of a request
 * (as it claims it: over memory RPC see `RpcRequest.peer`), `pid:<n>` for the process
 * that emitted an event, `undefined` otherwise.
 *
 * @publicApi
 */
export function callerOf(context: ArgumentsHost): string | undefined {
  const data = context.switchToRpc().getData();
  if (data instanceof RpcRequest) return data.sender;
  const origin = context
    .switchToRpc()
    .getContext<{ origin?: unknown } | undefined>()?.origin;
  return context.getType() === 'event' && typeof origin === 'number'
    ? `pid:${origin}`
    : undefined;
}

/**
 * What was called: the route as declared (`/v1/data/{id}`), the event's name, or the
 * watched file's path (else the transport's name).
 *
 * @publicApi
 */
export function routeOf(context: ArgumentsHost): string {
  const rpc = context.switchToRpc();
  if (rpc.getData() instanceof RpcRequest) {
    return rpc.getContext<RouteCallContext>().route;
  }
  type Named = { event?: unknown; path?: unknown } | undefined;
  const named =
    context.getType() === 'event'
      ? rpc.getContext<Named>()
      : rpc.getData<Named>();
  const route = named?.event ?? named?.path;
  return typeof route === 'string' ? route : context.getType();
}
