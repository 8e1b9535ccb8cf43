export * from './call-observers';
export * from './json-numbers';
export * from './on-request.decorator';
export * from './response';
export * from './route-param-type.enum';
export * from './route-params.decorator';
export * from './route-path';
export * from './route-table';
export * from './rpc-outcome';
export * from './rpc-request';
export {
  asPromise,
  createRouteInvoker,
  describeRouteParameters,
  routeCallArgs,
  routeParameterSpecs,
} from './route-invoker';
export type { RouteInvoker, RouteParameter } from './route-invoker';
export { discoverRoutes, routeReturnType } from './route-discovery';
export type { DiscoveredRoute, RouteDiscoveryOptions } from './route-discovery';
