import {
  CONTROLLER_PREFIX_METADATA,
  ON_REQUEST_METADATA,
  RETURNTYPE_METADATA,
} from '../constants';
import type { DiscoveryService } from '../discovery/discovery.service';
import { InvalidRouteError } from '../errors/invalid-route.error';
import type { DiscoveredMethod } from '../interfaces/discovered-method.interface';
import type { PipelineFactory } from '../pipeline/pipeline-factory';
import type {
  OnRequestMetadata,
  OnRequestOptions,
} from './on-request.decorator';
import type { RouteInvoker, RouteParameter } from './route-invoker';
import {
  asPromise,
  describeRouteParameters,
  routeCallArgs,
  routeParameterSpecs,
} from './route-invoker';
import { RouteParamType } from './route-param-type.enum';
import { RoutePath } from './route-path';

/**
 * An `@OnRequest` route found in the application, ready for a transport to serve.
 *
 * @publicApi
 */
export interface DiscoveredRoute {
  /** The full path: the controller's prefix, then the route's path. */
  path: RoutePath;
  /** Serves one request through the route's pipeline. */
  invoke: RouteInvoker;
  /** `Class.method`, for logs and debug bodies. */
  name: string;
  parameters: RouteParameter[];
  /** The declared or emitted return type, for schemas. */
  returns: unknown;
  options: OnRequestOptions;
}

/**
 * Options of {@link discoverRoutes}.
 *
 * @publicApi
 */
export interface RouteDiscoveryOptions {
  /** The transport's default handler timeout in ms, for routes without `timeout`. */
  timeout?: number;
}

/**
 * Every `@OnRequest` route of the application's providers and controllers that `transport`
 * serves (routes without `transports` go to every transport), each with its pipeline.
 *
 * @throws InvalidRouteError for an undecorated parameter, or a `@Param()` the path lacks
 */
export function discoverRoutes(
  discovery: DiscoveryService,
  transport: string,
  pipelines: PipelineFactory,
  options: RouteDiscoveryOptions = {},
): DiscoveredRoute[] {
  return discovery
    .getMethodsWithMetadata<OnRequestMetadata[]>(ON_REQUEST_METADATA)
    .flatMap(method => {
      const routes = method.metadata.filter(
        route =>
          !route.options.transports ||
          route.options.transports.includes(transport),
      );
      const name = `${method.instance.constructor.name}.${method.methodName}`;
      const parameters =
        routes.length === 0
          ? []
          : describeRouteParameters(method.instance, method.methodName);
      return routes.map(({ path, options: routeOptions }) => {
        const fullPath = RoutePath.join(prefixOf(method), path);
        assertParamsExist(name, parameters, fullPath);
        const route = fullPath.toString();
        const call = pipelines.create(method, {
          type: transport,
          parameters: routeParameterSpecs(parameters),
          timeoutMs: routeOptions.timeout ?? options.timeout,
          transport,
          trigger: route,
        });
        return {
          path: fullPath,
          invoke: request =>
            pipelines.calls.observe(transport, route, request.sender, () =>
              asPromise(() => call(routeCallArgs(request, transport, route))),
            ),
          name,
          parameters,
          returns: routeReturnType(
            method.instance,
            method.methodName,
            routeOptions,
          ),
          options: routeOptions,
        };
      });
    });
}

function assertParamsExist(
  handler: string,
  parameters: RouteParameter[],
  path: RoutePath,
): void {
  const known = path.paramNames;
  for (const { type, name } of parameters) {
    if (type === RouteParamType.PARAM && !known.includes(name!)) {
      throw InvalidRouteError.unknownParam(
        handler,
        name!,
        path.toString(),
        known,
      );
    }
  }
}

function prefixOf(method: DiscoveredMethod<unknown>): string {
  const prefix = method.host.isController
    ? (Reflect.getMetadata(
        CONTROLLER_PREFIX_METADATA,
        method.host.metatype!,
      ) as string | undefined)
    : undefined;
  return prefix ?? '';
}

/**
 * What a route resolves to, for the schema: its `returns` option (`null` for nothing),
 * else the return type TypeScript emitted.
 */
export function routeReturnType(
  instance: object,
  methodName: string,
  options: OnRequestOptions,
): unknown {
  return options.returns !== undefined
    ? options.returns
    : (Reflect.getMetadata(
        RETURNTYPE_METADATA,
        instance,
        methodName,
      ) as unknown);
}
