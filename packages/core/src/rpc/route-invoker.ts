import { PARAMTYPES_METADATA, ROUTE_ARGS_METADATA } from '../constants';
import { InvalidRouteError } from '../errors/invalid-route.error';
import { BadRequestException } from '../exceptions/http.exceptions';
import { ValidationPipe } from '../validation/validation-pipe';
import { RouteParamType } from './route-param-type.enum';
import type { RouteParamMetadata } from './route-params.decorator';
import { RpcRequest } from './rpc-request';

/** Calls a route method with the arguments its parameter decorators ask for. */
export type RouteInvoker = (request: RpcRequest) => Promise<unknown>;

/** One parameter of a route method, as the schema and the invoker see it. */
export interface RouteParameter extends RouteParamMetadata {
  /** The parameter's TypeScript type, when it was emitted. */
  metatype: unknown;
}

const RAW_BODY_TYPES = new Set<unknown>([Buffer, Uint8Array]);

/**
 * The parameters of `instance[methodName]`, in order. A parameter without a decorator
 * is allowed only when it is typed {@link RpcRequest}.
 *
 * @throws InvalidRouteError for an undecorated parameter
 */
export function describeRouteParameters(
  instance: object,
  methodName: string,
): RouteParameter[] {
  const declared =
    (Reflect.getMetadata(ROUTE_ARGS_METADATA, instance, methodName) as
      RouteParamMetadata[] | undefined) ?? [];
  const types =
    (Reflect.getMetadata(PARAMTYPES_METADATA, instance, methodName) as
      unknown[] | undefined) ?? [];
  const method = (instance as Record<string, unknown>)[methodName] as (
    ...args: unknown[]
  ) => unknown;
  const count = Math.max(types.length, method.length, declared.length);
  return Array.from({ length: count }, (_, index) => {
    const metadata = declared.find(p => p.index === index);
    if (metadata) {
      return { ...metadata, metatype: types[index] };
    }
    if (types[index] === RpcRequest) {
      return { index, type: RouteParamType.REQUEST, metatype: RpcRequest };
    }
    throw InvalidRouteError.undecoratedParameter(
      `${instance.constructor.name}.${methodName}()`,
      index,
    );
  });
}

/**
 * Builds the function that serves a request with `instance[methodName]`: it resolves each
 * parameter from the request, validates DTO bodies with `pipe`, and awaits the result.
 * Bad input throws `BadRequestException` (a 400 with the violations listed).
 *
 * @throws InvalidRouteError at once for an undecorated parameter
 */
export function createRouteInvoker(
  instance: object,
  methodName: string,
  pipe = new ValidationPipe({ transform: true }),
): RouteInvoker {
  const parameters = describeRouteParameters(instance, methodName);
  const method = (instance as Record<string, unknown>)[methodName] as (
    ...args: unknown[]
  ) => unknown;
  return async request => {
    const args: unknown[] = [];
    for (const parameter of parameters) {
      args.push(await resolveArgument(parameter, request, pipe));
    }
    return method.apply(instance, args);
  };
}

async function resolveArgument(
  { type, name, metatype }: RouteParameter,
  request: RpcRequest,
  pipe: ValidationPipe,
): Promise<unknown> {
  switch (type) {
    case RouteParamType.REQUEST:
      return request;
    case RouteParamType.SENDER:
      return request.sender;
    case RouteParamType.PEER:
      return request.peer;
    case RouteParamType.HEADERS:
      return name === undefined ? request.headers : request.header(name);
    case RouteParamType.QUERY:
      return name === undefined ? request.query : request.query[name];
    case RouteParamType.PARAM:
      return request.params[name!];
    case RouteParamType.BODY:
      return resolveBody(request, name, metatype, pipe);
  }
}

async function resolveBody(
  request: RpcRequest,
  property: string | undefined,
  metatype: unknown,
  pipe: ValidationPipe,
): Promise<unknown> {
  if (property === undefined && RAW_BODY_TYPES.has(metatype)) {
    return request.body ?? Buffer.alloc(0);
  }
  if (property === undefined && metatype === String) {
    return request.text();
  }
  const json = request.json();
  const value =
    property === undefined ? json : isObject(json) ? json[property] : undefined;
  if (!ValidationPipe.isValidatable(metatype)) {
    return value;
  }
  if (!isObject(value)) {
    throw new BadRequestException(
      `Request body${property ? ` property "${property}"` : ''} must be a JSON object (${metatype.name})`,
    );
  }
  return pipe.transform(value, metatype);
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
