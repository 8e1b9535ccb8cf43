import {
  CONTROLLER_PREFIX_METADATA,
  ON_REQUEST_METADATA,
  RETURNTYPE_METADATA,
} from '../constants';
import type { DiscoveryService } from '../discovery/discovery.service';
import type { DiscoveredMethod } from '../interfaces/discovered-method.interface';
import { ValidationPipe } from '../validation/validation-pipe';
import type {
  OnRequestMetadata,
  OnRequestOptions,
} from './on-request.decorator';
import type { RouteInvoker, RouteParameter } from './route-invoker';
import { createRouteInvoker, describeRouteParameters } from './route-invoker';
import { RoutePath } from './route-path';

/**
 * An `@OnRequest` route found in the application, ready for a transport to serve.
 *
 * @publicApi
 */
export interface DiscoveredRoute {
  /** The full path: the controller's prefix, then the route's path. */
  path: RoutePath;
  /** Serves one request. */
  invoke: RouteInvoker;
  /** `Class.method`, for logs and debug bodies. */
  name: string;
  parameters: RouteParameter[];
  /** The declared or emitted return type, for schemas. */
  returns: unknown;
  options: OnRequestOptions;
}

/**
 * Every `@OnRequest` route of the application's providers and controllers that `transport`
 * serves: routes without `transports` go to every transport, the others only to those named.
 *
 * @throws InvalidRouteError for an undecorated handler parameter
 */
export function discoverRoutes(
  discovery: DiscoveryService,
  transport: string,
  pipe = new ValidationPipe({ transform: true }),
): DiscoveredRoute[] {
  return discovery
    .getMethodsWithMetadata<OnRequestMetadata[]>(ON_REQUEST_METADATA)
    .flatMap(method => {
      const routes = method.metadata.filter(
        ({ options }) =>
          !options.transports || options.transports.includes(transport),
      );
      if (routes.length === 0) return [];
      const name = `${method.instance.constructor.name}.${method.methodName}`;
      const parameters = describeRouteParameters(
        method.instance,
        method.methodName,
      );
      const invoke = createRouteInvoker(
        method.instance,
        method.methodName,
        pipe,
      );
      return routes.map(({ path, options }) => ({
        path: RoutePath.join(prefixOf(method), path),
        invoke,
        name,
        parameters,
        returns:
          options.returns ??
          (Reflect.getMetadata(
            RETURNTYPE_METADATA,
            method.instance,
            method.methodName,
          ) as unknown),
        options,
      }));
    });
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
