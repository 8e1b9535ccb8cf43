import { ROUTE_ARGS_METADATA } from '../constants';
import type { ExecutionContext } from '../pipeline/arguments-host.interface';
import type { PipeTransform } from '../pipeline/enhancer.interfaces';
import type { Enhancer } from '../pipeline/use-enhancers.decorators';
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
  /** Pipes given to the decorator, run after every other pipe. */
  pipes?: Enhancer<PipeTransform>[];
  /** For `createParamDecorator()`: what the decorator was given, and its factory. */
  data?: unknown;
  factory?: (data: unknown, context: ExecutionContext) => unknown;
}

/** A pipe passed to a parameter decorator: a class or an object with `transform()`. */
type PipeArgument = Enhancer<PipeTransform>;

function isPipe(value: unknown): value is PipeArgument {
  return (
    typeof value === 'function' ||
    (typeof value === 'object' &&
      value !== null &&
      typeof (value as PipeTransform).transform === 'function')
  );
}

/** Splits `(name?, ...pipes)` as Nest's parameter decorators take them. */
function nameAndPipes(
  type: RouteParamType,
  args: (string | PipeArgument | undefined)[],
): { name?: string; pipes: PipeArgument[] } {
  const [first, ...rest] = args;
  const name =
    typeof first === 'string' || first === undefined ? first : undefined;
  const pipes = (name === first ? rest : args).filter(
    (pipe): pipe is PipeArgument => pipe !== undefined,
  );
  if (name !== undefined && name.length === 0) {
    throw new TypeError(`@${type}() takes a non-empty name, or none`);
  }
  if (!pipes.every(isPipe)) {
    throw new TypeError(`@${type}() takes a name, then pipes`);
  }
  return { name, pipes };
}

/** Stores one parameter decorator's metadata on a handler method. @internal */
export function addRouteParam(
  metadata: Omit<RouteParamMetadata, 'index'>,
): ParameterDecorator {
  return (target, methodName, index) => {
    if (methodName === undefined) {
      throw new TypeError(
        `@${metadata.type}() decorates handler parameters, not constructor parameters`,
      );
    }
    const previous =
      (Reflect.getMetadata(ROUTE_ARGS_METADATA, target, methodName) as
        RouteParamMetadata[] | undefined) ?? [];
    Reflect.defineMetadata(
      ROUTE_ARGS_METADATA,
      [...previous, { ...metadata, index }],
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
export function Body(
  property?: string | PipeArgument,
  ...pipes: PipeArgument[]
): ParameterDecorator {
  return routeParam(RouteParamType.BODY, [property, ...pipes]);
}

/** Injects the whole {@link RpcRequest}. @publicApi */
export function Req(): ParameterDecorator {
  return routeParam(RouteParamType.REQUEST, []);
}

/** Injects the caller's identity: the sender's email for SyftBox. @publicApi */
export function Sender(...pipes: PipeArgument[]): ParameterDecorator {
  return routeParam(RouteParamType.SENDER, [undefined, ...pipes]);
}

/**
 * Injects the calling process as the kernel knows it, `{ pid, uid, gid }`, where the transport
 * can tell (memory RPC on Linux), else `undefined`. Unlike `@Sender()`, it cannot be forged.
 *
 * @publicApi
 */
export function Peer(): ParameterDecorator {
  return routeParam(RouteParamType.PEER, []);
}

/** Injects the request headers, or one header by its case-insensitive name. @publicApi */
export function Headers(name?: string): ParameterDecorator {
  return routeParam(RouteParamType.HEADERS, [name]);
}

/** Injects the query of the request URL, or one of its values. @publicApi */
export function Query(
  name?: string | PipeArgument,
  ...pipes: PipeArgument[]
): ParameterDecorator {
  return routeParam(RouteParamType.QUERY, [name, ...pipes]);
}

/**
 * Injects a path parameter: `id` of a route declared as `/data/{id}`.
 *
 * @publicApi
 */
export function Param(
  name: string,
  ...pipes: PipeArgument[]
): ParameterDecorator {
  if (typeof name !== 'string' || name.length === 0) {
    throw new TypeError('@Param() needs the name of a path parameter');
  }
  return routeParam(RouteParamType.PARAM, [name, ...pipes]);
}

function routeParam(
  type: RouteParamType,
  args: (string | PipeArgument | undefined)[],
): ParameterDecorator {
  return addRouteParam({ type, ...nameAndPipes(type, args) });
}
