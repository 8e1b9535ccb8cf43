export * from './arguments-host.interface';
export * from './enhancer.interfaces';
export { ExecutionContextHost } from './execution-context-host';
export * from './use-enhancers.decorators';
export {
  APP_FILTER,
  APP_GUARD,
  APP_INTERCEPTOR,
  APP_PIPE,
  GlobalEnhancers,
} from './global-enhancers';
export type { EnhancerKind } from './global-enhancers';
export { GuardRefusedException } from './handler-pipeline';
export type { PipelineCall } from './handler-pipeline';
export { PipelineFactory } from './pipeline-factory';
export type { HandlerSpec } from './pipeline-factory';
export type { ParameterSpec } from './parameter-spec.interface';
export { createParamDecorator } from './create-param-decorator';
export { callerOf, routeOf } from './call-description';
export { DEFAULT_HANDLER_TIMEOUT_MS, withTimeout } from './handler-timeout';
