import type { Observable } from 'rxjs';
import { tap } from 'rxjs';
import { Inject } from '../decorators/inject.decorator';
import { Injectable } from '../decorators/injectable.decorator';
import { HttpException } from '../exceptions/http.exception';
import { Logger } from '../logger/logger';
import type { ExecutionContext } from '../pipeline/arguments-host.interface';
import { callerOf, routeOf } from '../pipeline/call-description';
import type {
  CallHandler,
  NestInterceptor,
} from '../pipeline/enhancer.interfaces';
import { Response } from '../rpc/response';
import type { AuditRecord, AuditSink } from './audit.interfaces';
import { AUDIT_SINK } from './audit.interfaces';

/**
 * Records every call it wraps (time, transport, sender, route, handler, status, duration)
 * to the {@link AuditSink} of `AuditModule.forRoot()`. Register it globally with
 * `{ provide: APP_INTERCEPTOR, useClass: AuditInterceptor }` to audit every transport.
 * Calls a guard refused never reach it: put the audit before them with a filter, or audit
 * in the guard.
 *
 * @publicApi
 */
@Injectable()
export class AuditInterceptor implements NestInterceptor {
  private readonly logger = new Logger('AuditInterceptor');

  constructor(@Inject(AUDIT_SINK) private readonly sink: AuditSink) {}

  intercept(context: ExecutionContext, next: CallHandler): Observable<unknown> {
    const started = performance.now();
    const base = {
      time: new Date().toISOString(),
      transport: context.getType(),
      sender: callerOf(context),
      route: routeOf(context),
      handler: `${context.getClass().name}.${context.getHandler().name}`,
    };
    const record = (status: number, error?: unknown) =>
      this.write({
        ...base,
        status,
        durationMs: Math.round((performance.now() - started) * 1000) / 1000,
        ...(error === undefined ? {} : { error: messageOf(error) }),
      });
    return next.handle().pipe(
      tap({
        next: result =>
          record(result instanceof Response ? result.statusCode : 200),
        error: (error: unknown) =>
          record(
            error instanceof HttpException ? error.getStatus() : 500,
            error,
          ),
      }),
    );
  }

  private write(record: AuditRecord): void {
    try {
      void Promise.resolve(this.sink.write(record)).catch((error: unknown) =>
        this.logger.error(`The audit sink failed: ${messageOf(error)}`),
      );
    } catch (error) {
      this.logger.error(`The audit sink failed: ${messageOf(error)}`);
    }
  }
}

function messageOf(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
