/**
 * One module of a running application, as the application graph shows it.
 *
 * @publicApi
 */
export interface GraphModule {
  name: string;
  global: boolean;
  /** Names of the modules it imports, of its providers, controllers and exported tokens. */
  imports: string[];
  providers: string[];
  controllers: string[];
  exports: string[];
}

/**
 * One handler as a transport serves it, with the enhancers its pipeline runs (global ones
 * first), by class name.
 *
 * @publicApi
 */
export interface GraphHandler {
  /** The module of its class. */
  module: string;
  /** `Class.method`. */
  handler: string;
  /** The transport serving it: `memory`, `nats`, `redis`, `syft`. */
  transport: string;
  /** What it answers: an event pattern, a route, file globs. */
  trigger: string;
  guards: string[];
  interceptors: string[];
  pipes: string[];
  filters: string[];
}

/**
 * What Nest Devtools draws, from the running application: its modules, and each handler a
 * transport serves.
 *
 * @publicApi
 */
export interface ApplicationGraph {
  modules: GraphModule[];
  handlers: GraphHandler[];
}
