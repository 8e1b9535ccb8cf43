import { PARAMTYPES_METADATA, ROUTE_ARGS_METADATA } from '../constants';
import { InvalidRouteError } from '../errors/invalid-route.error';
import type { Type } from '../interfaces/type.interface';
import type {
  ContextType,
  RouteCallContext,
} from '../pipeline/arguments-host.interface';
import { parameterPipes } from '../pipeline/default-validation';
import type { ArgumentMetadata } from '../pipeline/enhancer.interfaces';
import { compilePipeline } from '../pipeline/handler-pipeline';
import type { ExecutionContextHost } from '../pipeline/execution-context-host';
import type { ParameterSpec } from '../pipeline/parameter-spec.interface';
import { declaredParameters } from './parameter-names';
import { RouteParamType } from './route-param-type.enum';
import type { RouteParamMetadata } from './route-params.decorator';
import { RpcRequest } from './rpc-request';

/**
 * Serves one request with a route: resolves its arguments, runs its pipeline and the
 * method, and resolves with the result (or a filter's), or rejects with the error.
 */
export type RouteInvoker = (request: RpcRequest) => Promise<unknown>;

/** One parameter of a route method, as the schema and the invoker see it. */
export interface RouteParameter extends RouteParamMetadata {
  /** The parameter's TypeScript type, when it was emitted. */
  metatype: unknown;
  /** Its name in the method's source; `undefined` when destructured. */
  declaredName?: string;
  /** Whether the source gives it a default value. */
  hasDefault?: boolean;
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
  const source = declaredParameters(method);
  return Array.from({ length: count }, (_, index) => {
    const metadata = declared.find(p => p.index === index);
    const { name: declaredName, hasDefault } = source[index] ?? {};
    if (metadata) {
      return { ...metadata, metatype: types[index], declaredName, hasDefault };
    }
    if (types[index] === RpcRequest) {
      return {
        index,
        type: RouteParamType.REQUEST,
        metatype: RpcRequest,
        declaredName,
        hasDefault,
      };
    }
    throw InvalidRouteError.undecoratedParameter(
      `${instance.constructor.name}.${methodName}()`,
      index,
    );
  });
}

/** The arguments a transport passes to a route's pipeline: `[request, context]`. */
export function routeCallArgs(
  request: RpcRequest,
  transport: ContextType,
  route: string,
): [RpcRequest, RouteCallContext] {
  return [request, { transport, route }];
}

/** How the pipeline reads each route parameter from the `RpcRequest`. */
export function routeParameterSpecs(
  parameters: RouteParameter[],
): ParameterSpec[] {
  return parameters.map(parameter => ({
    metadata: argumentMetadata(parameter),
    extract: extractor(parameter),
    pipes: parameter.pipes ?? [],
  }));
}

function argumentMetadata({
  type,
  name,
  metatype,
}: RouteParameter): ArgumentMetadata {
  const kind =
    type === RouteParamType.BODY ||
    type === RouteParamType.QUERY ||
    type === RouteParamType.PARAM
      ? type
      : 'custom';
  return { type: kind, metatype: metatype as Type | undefined, data: name };
}

function extractor({
  type,
  name,
  metatype,
  data,
  factory,
}: RouteParameter): (context: ExecutionContextHost) => unknown {
  const requestOf = (context: ExecutionContextHost) =>
    context.getArgByIndex<RpcRequest>(0);
  switch (type) {
    case RouteParamType.REQUEST:
      return requestOf;
    case RouteParamType.SENDER:
      return context => requestOf(context).sender;
    case RouteParamType.PEER:
      return context => requestOf(context).peer;
    case RouteParamType.HEADERS:
      return name === undefined
        ? context => requestOf(context).headers
        : context => requestOf(context).header(name);
    case RouteParamType.QUERY:
      return name === undefined
        ? context => requestOf(context).query
        : context => requestOf(context).query[name];
    case RouteParamType.PARAM:
      return context => requestOf(context).params[name!];
    case RouteParamType.BODY:
      return context => bodyOf(requestOf(context), name, metatype);
    case RouteParamType.CUSTOM:
      return context => factory!(data, context);
  }
}

function bodyOf(
  request: RpcRequest,
  property: string | undefined,
  metatype: unknown,
): unknown {
  if (property === undefined && RAW_BODY_TYPES.has(metatype)) {
    return request.body ?? Buffer.alloc(0);
  }
  if (property === undefined && metatype === String) {
    return request.text();
  }
  const json = request.json();
  if (property === undefined) {
    return json;
  }
  return typeof json === 'object' && json !== null && !Array.isArray(json)
    ? (json as Record<string, unknown>)[property]
    : undefined;
}

/**
 * A route served without an application (no DI): the arguments its decorators ask for,
 * validated as every transport does, and the method; the controller's guards,
 * interceptors and filters need `MventFactory` and are not applied.
 *
 * @throws InvalidRouteError at once for an undecorated parameter
 */
export function createRouteInvoker(
  instance: object,
  methodName: string,
  transport: ContextType = 'rpc',
): RouteInvoker {
  const name = `${instance.constructor.name}.${methodName}`;
  const parameters = describeRouteParameters(instance, methodName);
  const call = compilePipeline({
    type: transport,
    controller: instance.constructor as Type,
    instance,
    handler: (instance as Record<string, (...args: unknown[]) => unknown>)[
      methodName
    ],
    name,
    parameters: routeParameterSpecs(parameters).map(spec => ({
      ...spec,
      pipes: parameterPipes(
        spec.metadata,
        [],
        spec.pipes.map(pipe =>
          typeof pipe === 'function' ? new pipe() : pipe,
        ),
        name,
      ),
    })),
    guards: [],
    interceptors: [],
    pipes: [],
    filters: [],
  });
  return request =>
    asPromise(() => call(routeCallArgs(request, transport, methodName)));
}

/** `call()` as a Promise: its own if it returned one (no extra turn), else settled with it. */
export function asPromise(call: () => unknown): Promise<unknown> {
  try {
    return Promise.resolve(call());
  } catch (error) {
    // A handler may throw anything; its error is passed on as it is.
    // eslint-disable-next-line @typescript-eslint/prefer-promise-reject-errors
    return Promise.reject(error);
  }
}
