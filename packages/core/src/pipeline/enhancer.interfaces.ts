import type { Observable } from 'rxjs';
import type { Type } from '../interfaces/type.interface';
import type {
  ArgumentsHost,
  ExecutionContext,
} from './arguments-host.interface';

/**
 * Decides whether a handler runs. Refused, a route answers 403 and an event handler is
 * skipped (and counted); a guard may also throw an `HttpException` of its own.
 *
 * @publicApi
 */
export interface CanActivate {
  canActivate(
    context: ExecutionContext,
  ): boolean | Promise<boolean> | Observable<boolean>;
}

/**
 * The rest of the pipeline, as an interceptor sees it.
 *
 * @publicApi
 */
export interface CallHandler<T = unknown> {
  /** Runs the pipes and the handler; the Observable emits the handler's result. */
  handle(): Observable<T>;
}

/**
 * Wraps a handler call: code before `next.handle()`, and operators on its result.
 *
 * @publicApi
 */
export interface NestInterceptor<T = unknown, R = unknown> {
  intercept(
    context: ExecutionContext,
    next: CallHandler<T>,
  ): Observable<R> | Promise<Observable<R>>;
}

/**
 * Where a value handed to a pipe comes from: `@Body()` (and an event's payload), `@Query()`,
 * `@Param()`, or anything else (`@Headers()`, `@Sender()`, custom decorators).
 *
 * @publicApi
 */
export interface ArgumentMetadata {
  type: 'body' | 'query' | 'param' | 'custom';
  /** The parameter's TypeScript type, when it was emitted. */
  metatype?: Type<unknown>;
  /** The name given to the decorator, e.g. `'id'` for `@Param('id')`. */
  data?: string;
}

/**
 * Transforms or validates one handler argument before the handler runs.
 *
 * @publicApi
 */
export interface PipeTransform<T = unknown, R = unknown> {
  transform(value: T, metadata: ArgumentMetadata): R | Promise<R>;
}

/**
 * Handles an error thrown by a guard, interceptor, pipe or handler. What it returns is the
 * call's result (for a route, e.g. a `Response`); what it throws goes to the transport.
 * Declare what it catches with `@Catch(...)`.
 *
 * @publicApi
 */
export interface ExceptionFilter<T = unknown> {
  catch(exception: T, host: ArgumentsHost): unknown;
}
