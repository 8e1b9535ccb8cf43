/**
 * Every reflect-metadata key and DI token of `@mvent/core`.
 *
 * Keys are namespaced strings so that two copies of the package agree on them.
 */

/** Metadata of a `@Module()` class ({@link ModuleMetadata}). */
export const MODULE_METADATA = 'mvent:module';
/** Marks a `@Global()` module. */
export const GLOBAL_MODULE_WATERMARK = 'mvent:global_module';
/** Marks an `@Injectable()` class. */
export const INJECTABLE_WATERMARK = 'mvent:injectable';
/** Options of an `@Injectable()` class ({@link InjectableOptions}). */
export const SCOPE_OPTIONS_METADATA = 'mvent:scope_options';
/** Marks a `@Controller()` class. */
export const CONTROLLER_WATERMARK = 'mvent:controller';
/** The route prefix of a `@Controller(prefix)` class. */
export const CONTROLLER_PREFIX_METADATA = 'mvent:controller_prefix';
/** Constructor parameters overridden with `@Inject(token)`: `{ index, token }[]`. */
export const SELF_DECLARED_DEPS_METADATA = 'mvent:self_declared_deps';
/** Indexes of constructor parameters marked `@Optional()`. */
export const OPTIONAL_DEPS_METADATA = 'mvent:optional_deps';
/** TypeScript's emitted parameter types of a constructor or method. */
export const PARAMTYPES_METADATA = 'design:paramtypes';

/** The keys a `@Module()` accepts. */
export const MODULE_METADATA_KEYS = [
  'imports',
  'providers',
  'controllers',
  'exports',
] as const;
/** The `@OnRequest()` routes of a method ({@link OnRequestMetadata}[]). */
export const ON_REQUEST_METADATA = 'mvent:on_request';
/** The route parameter decorators of a method ({@link RouteParamMetadata}[]). */
export const ROUTE_ARGS_METADATA = 'mvent:route_args';
/** TypeScript's emitted return type of a method. */
export const RETURNTYPE_METADATA = 'design:returntype';
/** Guards of a class or method (`@UseGuards`). */
export const GUARDS_METADATA = 'mvent:guards';
/** Interceptors of a class or method (`@UseInterceptors`). */
export const INTERCEPTORS_METADATA = 'mvent:interceptors';
/** Pipes of a class or method (`@UsePipes`). */
export const PIPES_METADATA = 'mvent:pipes';
/** Exception filters of a class or method (`@UseFilters`). */
export const EXCEPTION_FILTERS_METADATA = 'mvent:exception_filters';
/** The exception types an `@Catch(...)` filter handles. */
export const CATCH_METADATA = 'mvent:catch';

/** `@OnEvent()` entries on a method: `OnEventMetadata[]`. */
export const ON_EVENT_METADATA = 'mvent:on_event';
