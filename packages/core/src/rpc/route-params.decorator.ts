import { ROUTE_ARGS_METADATA } from '../constants';
import { RouteParamType } from './route-param-type.enum';

/**
 * One parameter decorator on a route method.
 *
 * @publicApi
 */
export interface RouteParamMetadata {
  /** The parameter's position. */
  index: number;
  type: RouteParamType;
  /** The property, header, query or path parameter name, when one was given. */
  name?: string;
}

function createRouteParamDecorator(
  type: RouteParamType,
  name?: string,
): ParameterDecorator {
  if (name !== undefined && (typeof name !== 'string' || name.length === 0)) {
    throw new TypeError(`@${type}() takes a non-empty name, or none`);
  }
  return (target, methodName, index) => {
    if (methodName === undefined) {
      throw new TypeError(
        `@${type}() decorates route method parameters, not constructor parameters`,
      );
    }
    const previous =
      (Reflect.getMetadata(ROUTE_ARGS_METADATA, target, methodName) as
        RouteParamMetadata[] | undefined) ?? [];
    Reflect.defineMetadata(
      ROUTE_ARGS_METADATA,
      [...previous, { index, type, name }],
      target,
      methodName,
    );
  };
}

/**
 * Injects the request body parsed as JSON, or one of its properties. Typed as a DTO
 * class, the body is validated first; a violation answers 400 with the violations listed.
 * Typed as `Buffer` it is the raw bytes, and typed as `string` the UTF-8 text.
 *
 * @example
 * ```ts
 * @OnRequest('/add')
 * add(@Body() { a, b }: AddDto) { return { total: a + b }; }
 * ```
 * @publicApi
 */
export function Body(property?: string): ParameterDecorator {
  return createRouteParamDecorator(RouteParamType.BODY, property);
}

/** Injects the whole {@link RpcRequest}. @publicApi */
export function Req(): ParameterDecorator {
  return createRouteParamDecorator(RouteParamType.REQUEST);
}

/** Injects the caller's identity: the sender's email for SyftBox. @publicApi */
export function Sender(): ParameterDecorator {
  return createRouteParamDecorator(RouteParamType.SENDER);
}

/**
 * Injects the calling process as the kernel knows it, `{ pid, uid, gid }`, where the transport
 * can tell (memory RPC on Linux), else `undefined`. Unlike `@Sender()`, it cannot be forged.
 *
 * @publicApi
 */
export function Peer(): ParameterDecorator {
  return createRouteParamDecorator(RouteParamType.PEER);
}

/** Injects the request headers, or one header by its case-insensitive name. @publicApi */
export function Headers(name?: string): ParameterDecorator {
  return createRouteParamDecorator(RouteParamType.HEADERS, name);
}

/** Injects the query of the request URL, or one of its values. @publicApi */
export function Query(name?: string): ParameterDecorator {
  return createRouteParamDecorator(RouteParamType.QUERY, name);
}

/**
 * Injects a path parameter: `id` of a route declared as `/data/{id}`.
 *
 * @publicApi
 */
export function Param(name: string): ParameterDecorator {
  if (typeof name !== 'string' || name.length === 0) {
    throw new TypeError('@Param() needs the name of a path parameter');
  }
  return createRouteParamDecorator(RouteParamType.PARAM, name);
}
