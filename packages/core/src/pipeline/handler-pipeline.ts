import { isObservable, lastValueFrom, Observable } from 'rxjs';
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

/**
 * Serves one call: the transport's arguments in, the handler's (or a filter's) result out;
 * a Promise only when some step was asynchronous, else the value itself (or a throw).
 */
export type PipelineCall = (args: unknown[]) => unknown;

/**
 * Compiles the pipeline of one handler: guards, interceptors (wrapping the rest), pipes,
 * the handler (under its timeout), and exception filters around all of it. Each step goes
 * on at once when the previous one returned a plain value, so a pipeline of synchronous
 * steps runs synchronously: event handlers then keep the log's order across the subscribers
 * of a process, and requests spend no extra turns of the event loop.
 */
export function compilePipeline(definition: PipelineDefinition): PipelineCall {
  const { type, controller, handler, guards, interceptors, filters } =
    definition;
  const invoke = invokeHandler(definition);
  const run =
    interceptors.length === 0
      ? invoke
      : (context: ExecutionContextHost) =>
          lastValue(intercepted(interceptors, context, invoke));
  const activate = (context: ExecutionContextHost, index: number): unknown => {
    for (let i = index; i < guards.length; i++) {
      const answer = guards[i].canActivate(context);
      if (isObservable(answer) || answer instanceof Promise) {
        return toPromise(answer).then(allowed => {
          refuseUnless(allowed, guards[i]);
          return activate(context, i + 1);
        });
      }
      refuseUnless(answer, guards[i]);
    }
    return undefined;
  };
  return args => {
    const context = new ExecutionContextHost(args, type, controller, handler);
    const filtered = (error: unknown) =>
      catchWithFilters(filters, error, context);
    try {
      const result = then(activate(context, 0), () => run(context));
      return result instanceof Promise ? result.catch(filtered) : result;
    } catch (error) {
      return filtered(error);
    }
  };
}

function refuseUnless(allowed: boolean, guard: CanActivate): void {
  if (!allowed) throw new GuardRefusedException(guard.constructor.name);
}

function invokeHandler({
  instance,
  handler,
  name,
  parameters,
  pipes,
  timeoutMs,
}: PipelineDefinition): (context: ExecutionContextHost) => unknown {
  // The shared pipes, then the parameter's own, resolved once per handler.
  const chains = parameters.map(parameter => [...pipes, ...parameter.pipes]);
  const argument = (context: ExecutionContextHost, index: number) => {
    const parameter = parameters[index];
    let value = parameter.extract(context);
    for (const pipe of chains[index]) {
      value = then(value, current =>
        pipe.transform(current, parameter.metadata),
      );
    }
    return value;
  };
  return context => {
    const values = parameters.map((_, index) => argument(context, index));
    const call = (resolved: unknown[]) =>
      withTimeout(() => handler.apply(instance, resolved), timeoutMs, name);
    return values.some(value => value instanceof Promise)
      ? Promise.all(values).then(call)
      : call(values);
  };
}

function intercepted(
  interceptors: NestInterceptor[],
  context: ExecutionContextHost,
  invoke: (context: ExecutionContextHost) => unknown,
): Observable<unknown> {
  const innermost: CallHandler = {
    handle: () => lazily(() => invoke(context)),
  };
  const outermost = interceptors.reduceRight<CallHandler>(
    (next, interceptor) => ({
      handle: () => lazily(() => interceptor.intercept(context, next)),
    }),
    innermost,
  );
  return outermost.handle();
}

/**
 * An Observable that calls `produce` when subscribed, as Nest's `next.handle()` does, and
 * emits what it gave: a value, a Promise's value, or an Observable's values. Hand-written
 * rather than `defer(...).pipe(mergeMap(...))`, which costs microseconds per call.
 */
function lazily(produce: () => unknown): Observable<unknown> {
  return new Observable(subscriber => {
    const emit = (value: unknown): void => {
      if (isObservable(value)) {
        value.subscribe(subscriber);
        return;
      }
      subscriber.next(value);
      subscriber.complete();
    };
    try {
      const value = produce();
      if (value instanceof Promise) {
        value.then(emit, (error: unknown) => subscriber.error(error));
      } else {
        emit(value);
      }
    } catch (error) {
      subscriber.error(error);
    }
  });
}

/**
 * The last value of `observable` (undefined if none): at once when it completes while
 * subscribing, as the interceptors of a synchronous handler do, else as a Promise.
 */
function lastValue(observable: Observable<unknown>): unknown {
  let settled: { value: unknown } | { error: unknown } | undefined;
  let last: unknown;
  let resolve: ((value: unknown) => void) | undefined;
  let reject: ((error: unknown) => void) | undefined;
  observable.subscribe({
    next: value => (last = value),
    error: (error: unknown) => (reject ? reject(error) : (settled = { error })),
    complete: () => (resolve ? resolve(last) : (settled = { value: last })),
  });
  if (settled && 'error' in settled) throw settled.error;
  if (settled) return settled.value;
  return new Promise((onValue, onError) => {
    resolve = onValue;
    reject = onError;
  });
}

function catchWithFilters(
  filters: ExceptionFilter[],
  error: unknown,
  context: ExecutionContextHost,
): unknown {
  for (const filter of filters) {
    const types =
      (Reflect.getMetadata(CATCH_METADATA, filter.constructor) as
        Type<unknown>[] | undefined) ?? [];
    if (types.length === 0 || types.some(type => error instanceof type)) {
      const handled = filter.catch(error, context);
      return isObservable(handled) ? lastValueFrom(handled) : handled;
    }
  }
  throw error;
}

/** `next(value)`, at once for a plain value, after it settles for a Promise. */
function then<T>(value: unknown, next: (value: unknown) => T): T | Promise<T> {
  return value instanceof Promise ? value.then(next) : next(value);
}

function toPromise<T>(value: Promise<T> | Observable<T>): Promise<T> {
  return isObservable(value) ? lastValueFrom(value) : value;
}
