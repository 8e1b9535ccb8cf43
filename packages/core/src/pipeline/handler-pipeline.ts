import type { Observable } from 'rxjs';
import { defer, from, isObservable, lastValueFrom, mergeMap, of } from 'rxjs';
import { CATCH_METADATA } from '../constants';
import { ForbiddenException } from '../exceptions/http.exceptions';
import type { Type } from '../interfaces/type.interface';
import type { ContextType } from './arguments-host.interface';
import type {
  ArgumentMetadata,
  CallHandler,
  CanActivate,
  ExceptionFilter,
  NestInterceptor,
  PipeTransform,
} from './enhancer.interfaces';
import { ExecutionContextHost } from './execution-context-host';
import { withTimeout } from './handler-timeout';

/**
 * Thrown when a guard refuses a call: a 403 `Forbidden resource` on routes, as in Nest;
 * event handlers are skipped instead.
 *
 * @publicApi
 */
export class GuardRefusedException extends ForbiddenException {
  constructor(readonly guard: string) {
    super('Forbidden resource');
  }
}

/** One handler argument: where its value comes from, and the pipes of that parameter. */
export interface HandlerParameter {
  metadata: ArgumentMetadata;
  /** Reads the raw value from the call. */
  extract: (context: ExecutionContextHost) => unknown;
  /** Pipes of this parameter (after every other pipe), the default validation included. */
  pipes: PipeTransform[];
}

/** Everything one handler's pipeline needs, enhancers already resolved and in Nest's order. */
export interface PipelineDefinition {
  type: ContextType;
  controller: Type;
  instance: object;
  handler: (...args: unknown[]) => unknown;
  /** `Class.method`, for messages. */
  name: string;
  parameters: HandlerParameter[];
  /** Global, then controller, then method. */
  guards: CanActivate[];
  interceptors: NestInterceptor[];
  pipes: PipeTransform[];
  /** Method, then controller, then global. */
  filters: ExceptionFilter[];
  /** Milliseconds before a handler's Promise gives 504; none when undefined. */
  timeoutMs?: number;
}

/** Serves one call: the transport's arguments in, the handler's (or a filter's) result out. */
export type PipelineCall = (args: unknown[]) => Promise<unknown>;

/**
 * Compiles the pipeline of one handler: guards, interceptors (wrapping the rest), pipes,
 * the handler (under its timeout), and exception filters around all of it.
 */
export function compilePipeline(definition: PipelineDefinition): PipelineCall {
  const { type, controller, handler, guards, interceptors, filters } =
    definition;
  const invoke = invokeHandler(definition);
  const run =
    interceptors.length === 0
      ? invoke
      : (context: ExecutionContextHost) =>
          lastValueFrom(intercepted(interceptors, context, invoke), {
            defaultValue: undefined,
          });
  return async args => {
    const context = new ExecutionContextHost(args, type, controller, handler);
    try {
      for (const guard of guards) {
        if (!(await resolved(guard.canActivate(context)))) {
          throw new GuardRefusedException(guard.constructor.name);
        }
      }
      return await run(context);
    } catch (error) {
      return catchWithFilters(filters, error, context);
    }
  };
}

function invokeHandler({
  instance,
  handler,
  name,
  parameters,
  pipes,
  timeoutMs,
}: PipelineDefinition): (context: ExecutionContextHost) => Promise<unknown> {
  return async context => {
    const values: unknown[] = [];
    for (const parameter of parameters) {
      let value = await parameter.extract(context);
      for (const pipe of pipes) {
        value = await pipe.transform(value, parameter.metadata);
      }
      for (const pipe of parameter.pipes) {
        value = await pipe.transform(value, parameter.metadata);
      }
      values.push(value);
    }
    return withTimeout(() => handler.apply(instance, values), timeoutMs, name);
  };
}

function intercepted(
  interceptors: NestInterceptor[],
  context: ExecutionContextHost,
  invoke: (context: ExecutionContextHost) => Promise<unknown>,
): Observable<unknown> {
  const innermost: CallHandler = {
    handle: () =>
      defer(() => from(invoke(context))).pipe(mergeMap(asObservable)),
  };
  const outermost = interceptors.reduceRight<CallHandler>(
    (next, interceptor) => ({
      handle: () =>
        defer(() =>
          from(Promise.resolve(interceptor.intercept(context, next))),
        ).pipe(mergeMap(observable => observable)),
    }),
    innermost,
  );
  return outermost.handle();
}

async function catchWithFilters(
  filters: ExceptionFilter[],
  error: unknown,
  context: ExecutionContextHost,
): Promise<unknown> {
  for (const filter of filters) {
    const types =
      (Reflect.getMetadata(CATCH_METADATA, filter.constructor) as
        Type<unknown>[] | undefined) ?? [];
    if (types.length === 0 || types.some(type => error instanceof type)) {
      return resolved(filter.catch(error, context));
    }
  }
  throw error;
}

function asObservable(value: unknown): Observable<unknown> {
  return isObservable(value) ? value : of(value);
}

/** The value of a plain value, a Promise or an Observable (its last value). */
async function resolved<T>(value: T | Promise<T> | Observable<T>): Promise<T> {
  return isObservable(value) ? lastValueFrom(value) : await value;
}
