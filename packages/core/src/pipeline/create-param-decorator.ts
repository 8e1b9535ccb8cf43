import { RouteParamType } from '../rpc/route-param-type.enum';
import { addRouteParam } from '../rpc/route-params.decorator';
import type { ExecutionContext } from './arguments-host.interface';
import type { PipeTransform } from './enhancer.interfaces';
import type { Enhancer } from './use-enhancers.decorators';

/**
 * Makes a parameter decorator whose value `factory` computes from the call, as Nest's: on
 * routes `ctx.switchToRpc().getData()` is the `RpcRequest`, on event handlers the payload.
 * Pipes given to the decorator run on the value (`ValidationPipe` leaves custom arguments
 * alone, as Nest's does by default).
 *
 * @example
 * ```ts
 * export const Token = createParamDecorator((_data, ctx) =>
 *   ctx.switchToRpc().getData<RpcRequest>().header('authorization')?.replace(/^Bearer /, ''));
 * // @OnRequest('/me') me(@Token() token: string) { ... }
 * ```
 * @publicApi
 */
export function createParamDecorator<D = unknown, R = unknown>(
  factory: (data: D, context: ExecutionContext) => R,
): (data?: D, ...pipes: Enhancer<PipeTransform>[]) => ParameterDecorator {
  if (typeof factory !== 'function') {
    throw new TypeError('createParamDecorator() takes a factory function');
  }
  return (data?: D, ...pipes: Enhancer<PipeTransform>[]) =>
    addRouteParam({
      type: RouteParamType.CUSTOM,
      data,
      pipes,
      factory: factory as (data: unknown, context: ExecutionContext) => unknown,
    });
}
