export * from './audit.interfaces';
export { AuditInterceptor } from './audit.interceptor';
export { AuditModule } from './audit.module';
export type { AuditModuleOptions } from './audit.module';
export { JsonLinesAuditSink } from './json-lines-audit.sink';
