import type { OnRequestMetadata, Type } from '@mvent/core';
import {
  describeRouteParameters,
  ON_REQUEST_METADATA,
  routeReturnType,
} from '@mvent/core';
import type { RouteSchema } from './rpc-schema';
import { DtoSchemaBuilder } from './rpc-schema';

/**
 * The schema of one route, as syft-event's `generate_schema(handler)`: the entry the route
 * gets in `rpc.schema.json` (`description`, `args`, `returns`), from its `@OnRequest`
 * options, parameter decorators and types. A method without `@OnRequest` gets a `null`
 * description.
 *
 * @example
 * ```ts
 * generateSchema(UsersController, 'getUsers');
 * // { description: 'Retrieve a list of users.', args: { limit: { type: 'float', required: false } }, returns: 'any' }
 * ```
 * @throws TypeError when `methodName` is not a method of `controller`
 * @throws InvalidRouteError for a parameter without a decorator
 * @publicApi
 */
export function generateSchema(
  controller: Type,
  methodName: string,
): RouteSchema {
  const prototype = controller.prototype as Record<string, unknown>;
  const method = prototype[methodName];
  if (typeof method !== 'function') {
    throw new TypeError(`${controller.name}.${methodName} is not a method`);
  }
  const routes = Reflect.getMetadata(ON_REQUEST_METADATA, method) as
    OnRequestMetadata[] | undefined;
  const options = routes?.[0]?.options ?? {};
  return new DtoSchemaBuilder().routeOf(
    describeRouteParameters(prototype, methodName),
    routeReturnType(prototype, methodName, options),
    options.description,
  );
}
