import { Module } from '../decorators/module.decorator';
import type { DynamicModule } from '../interfaces/dynamic-module.interface';
import { AuditInterceptor } from './audit.interceptor';
import type { AuditSink } from './audit.interfaces';
import { AUDIT_SINK } from './audit.interfaces';
import { JsonLinesAuditSink } from './json-lines-audit.sink';

/**
 * Options of `AuditModule.forRoot`: a sink of your own, or the path of a JSON-lines file.
 *
 * @publicApi
 */
export type AuditModuleOptions = { sink: AuditSink } | { path: string };

/**
 * Provides the {@link AuditInterceptor} and its sink, globally. Apply the interceptor to
 * every handler with `{ provide: APP_INTERCEPTOR, useClass: AuditInterceptor }`, or to some
 * with `@UseInterceptors(AuditInterceptor)`.
 *
 * @publicApi
 */
@Module({})
export class AuditModule {
  static forRoot(options: AuditModuleOptions): DynamicModule {
    const sink =
      'sink' in options ? options.sink : new JsonLinesAuditSink(options.path);
    return {
      module: AuditModule,
      global: true,
      providers: [{ provide: AUDIT_SINK, useValue: sink }, AuditInterceptor],
      exports: [AUDIT_SINK, AuditInterceptor],
    };
  }
}
