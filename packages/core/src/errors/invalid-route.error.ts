import { CoreError } from './core.error';

/**
 * A route that cannot be served: registered twice, or a handler parameter that no route
 * decorator describes. Raised at bootstrap, never while serving.
 *
 * @publicApi
 */
export class InvalidRouteError extends CoreError {
  constructor(message: string) {
    super('CORE_INVALID_ROUTE', message);
  }

  /** Two handlers for one route path. */
  static duplicate(
    path: string,
    first: string,
    second: string,
  ): InvalidRouteError {
    return new InvalidRouteError(
      `Route ${path} is served twice: by ${first} and by ${second}. Give one of them another path.`,
    );
  }

  /** A handler parameter without `@Body()`, `@Req()`, …. */
  static undecoratedParameter(
    handler: string,
    index: number,
  ): InvalidRouteError {
    return new InvalidRouteError(
      `Parameter #${index} of ${handler} has no route decorator. Decorate it with @Body(), @Req(), @Sender(), @Headers(), @Query() or @Param(name), or type it as RpcRequest.`,
    );
  }

  /** `@Param('idd')` on a route whose path has no `{idd}`. */
  static unknownParam(
    handler: string,
    name: string,
    path: string,
    known: string[],
  ): InvalidRouteError {
    const choices = known.length
      ? `its parameters are ${known.map(k => `{${k}}`).join(', ')}`
      : 'it has no parameters';
    return new InvalidRouteError(
      `${handler} reads @Param('${name}'), but the route ${path} has no {${name}}: ${choices}. Fix the name, or add {${name}} to the path.`,
    );
  }
}
