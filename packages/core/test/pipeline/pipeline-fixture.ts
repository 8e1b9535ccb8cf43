import type {
  DiscoveredRoute,
  LoggerService,
  ModuleImport,
  MventApplication,
} from '@mvent/core';
import {
  DiscoveryService,
  MventFactory,
  PipelineFactory,
  RoutePath,
  RpcRequest,
  discoverRoutes,
} from '@mvent/core';

/** A request as a transport builds it, to `path`, with a JSON body. */
export function requestTo(
  path: string,
  {
    body,
    sender = 'bob@example.com',
    headers = {},
    params = {},
  }: {
    body?: unknown;
    sender?: string;
    headers?: Record<string, string>;
    params?: Record<string, string>;
  } = {},
): RpcRequest {
  return new RpcRequest({
    id: 'r1',
    sender,
    url: path,
    method: 'POST',
    path,
    headers,
    params,
    body: body === undefined ? null : Buffer.from(JSON.stringify(body)),
  });
}

/** An application's routes as a transport named `transport` binds them, after `init()`. */
export interface ServedRoutes {
  app: MventApplication;
  routes: DiscoveredRoute[];
  /** Serves one request through the route's pipeline, as a transport does. */
  call(
    path: string,
    options?: Parameters<typeof requestTo>[1],
  ): Promise<unknown>;
}

/**
 * Creates the application (`configure` may add global enhancers), initialises it and binds
 * its routes the way every transport does: `discoverRoutes` with the core's pipeline.
 */
export async function serveRoutes(
  module: ModuleImport,
  configure: (app: MventApplication) => void = () => undefined,
  {
    timeout,
    logger = false,
  }: { timeout?: number; logger?: LoggerService | false } = {},
): Promise<ServedRoutes> {
  const app = await MventFactory.create(module, { logger });
  configure(app);
  await app.init();
  let routes: ReturnType<typeof discoverRoutes>;
  try {
    routes = discoverRoutes(
      app.get(DiscoveryService),
      'test',
      app.get(PipelineFactory),
      { timeout },
    );
  } catch (error) {
    await app.close();
    throw error;
  }
  return {
    app,
    routes,
    call: (path, init) => {
      const segments = RoutePath.segmentsOf(path);
      for (const route of routes) {
        const params = route.path.match(segments);
        if (params) return route.invoke(requestTo(path, { ...init, params }));
      }
      throw new Error(`No route ${path}`);
    },
  };
}

/** The error a call rejects with, or a failure if it resolves. */
export function rejection(promise: Promise<unknown>): Promise<unknown> {
  return promise.then(
    value => {
      throw new Error(`Expected a rejection, got ${JSON.stringify(value)}`);
    },
    (error: unknown) => error,
  );
}
