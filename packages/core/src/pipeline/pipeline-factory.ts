import {
  EXCEPTION_FILTERS_METADATA,
  GUARDS_METADATA,
  INTERCEPTORS_METADATA,
  PARAMTYPES_METADATA,
  PIPES_METADATA,
} from '../constants';
import { declarationOf } from '../discovery/declarations';
import { MissingDecoratorMetadataError } from '../errors/compiler-settings.error';
import { Injectable } from '../decorators/injectable.decorator';
import { ModulesContainer } from '../injector/container';
import type { InstanceWrapper } from '../injector/instance-wrapper';
import type { ModuleWrapper } from '../injector/module';
import type { DiscoveredMethod } from '../interfaces/discovered-method.interface';
import type { Type } from '../interfaces/type.interface';
import type { ContextType } from './arguments-host.interface';
import { parameterPipes } from './default-validation';
import type {
  CanActivate,
  ExceptionFilter,
  NestInterceptor,
  PipeTransform,
} from './enhancer.interfaces';
import { EnhancerResolver } from './enhancer-resolver';
import type { EnhancerKind } from './global-enhancers';
import { GlobalEnhancers } from './global-enhancers';
import type { PipelineCall } from './handler-pipeline';
import { compilePipeline } from './handler-pipeline';
import type { ParameterSpec } from './parameter-spec.interface';
import type { Enhancer } from './use-enhancers.decorators';
import { CallObservers } from '../rpc/call-observers';
import type { GraphHandler } from '../application/application-graph.interface';

/**
 * What an engine says about one handler: its transport, its arguments and its timeout.
 *
 * @publicApi
 */
export interface HandlerSpec {
  type: ContextType;
  parameters: ParameterSpec[];
  /** Milliseconds before a pending handler gives 504; none when undefined. */
  timeoutMs?: number;
  /** For the application graph: the transport's name (else `type`) and what the handler answers. */
  transport?: string;
  trigger?: string;
}

const METADATA_KEYS: Record<EnhancerKind, string> = {
  guards: GUARDS_METADATA,
  interceptors: INTERCEPTORS_METADATA,
  pipes: PIPES_METADATA,
  filters: EXCEPTION_FILTERS_METADATA,
};

/**
 * Builds the request pipeline of a discovered handler, the one mechanism every transport
 * uses: global enhancers (`app.useGlobal*()`, then `APP_*` providers), the controller's,
 * then the method's, each class created through DI in the controller's module.
 *
 * @publicApi
 */
@Injectable()
export class PipelineFactory {
  private readonly resolver: EnhancerResolver;
  /** The handler methods some transport built a pipeline for, for the start-up checks. */
  readonly served = new Set<(...args: unknown[]) => unknown>();
  /** Each pipeline built, described for the application graph. */
  readonly wired: GraphHandler[] = [];

  /** @internal */
  constructor(
    private readonly modules: ModulesContainer,
    private readonly globals: GlobalEnhancers,
    /** Told of every RPC call's outcome (metrics). */
    readonly calls: CallObservers,
  ) {
    this.resolver = new EnhancerResolver(modules);
  }

  /**
   * The pipeline of `method` for one transport.
   *
   * @throws UnknownDependencyError when an enhancer's dependency is not visible
   */
  create(method: DiscoveredMethod<unknown>, spec: HandlerSpec): PipelineCall {
    this.globals.seal();
    const module = (method.host as InstanceWrapper).host;
    const controller = method.instance.constructor as Type;
    const enhancers = <T>(kind: EnhancerKind): T[] => [
      ...this.global<T>(kind),
      ...this.declared<T>(kind, controller, module),
      ...this.declared<T>(kind, method.method, module),
    ];
    const name = `${controller.name}.${method.methodName}`;
    if (
      method.method.length > 0 &&
      !Reflect.hasMetadata(
        PARAMTYPES_METADATA,
        method.instance,
        method.methodName,
      )
    ) {
      // A decorated method without types: compiled without emitDecoratorMetadata, so its
      // DTOs would silently go unvalidated.
      throw new MissingDecoratorMetadataError(
        name,
        declarationOf(controller)?.file,
      );
    }
    this.served.add(method.method);
    const pipes = enhancers<PipeTransform>('pipes');
    const guards = enhancers<CanActivate>('guards');
    const interceptors = enhancers<NestInterceptor>('interceptors');
    const filters = enhancers<ExceptionFilter>('filters').reverse();
    this.wired.push({
      module: module.name,
      handler: name,
      transport: spec.transport ?? spec.type,
      trigger: spec.trigger ?? '',
      guards: guards.map(classNameOf),
      interceptors: interceptors.map(classNameOf),
      pipes: pipes.map(classNameOf),
      filters: filters.map(classNameOf),
    });
    return compilePipeline({
      type: spec.type,
      controller,
      instance: method.instance,
      handler: method.method,
      name,
      parameters: spec.parameters.map(parameter => ({
        metadata: parameter.metadata,
        extract: parameter.extract,
        pipes: parameterPipes(
          parameter.metadata,
          pipes,
          parameter.pipes.map(pipe => this.resolver.resolve(pipe, module)),
          name,
        ),
      })),
      guards,
      interceptors,
      pipes,
      filters,
      timeoutMs: spec.timeoutMs,
    });
  }

  private global<T>(kind: EnhancerKind): T[] {
    const root = this.modules.root;
    const added = this.globals
      .get(kind)
      .map(enhancer => this.resolver.resolve(enhancer as Enhancer<T>, root));
    const provided = this.modules.modules.flatMap(module =>
      module.appEnhancers
        .filter(entry => entry.kind === kind)
        .map(entry => entry.wrapper.instance as T),
    );
    return [...added, ...provided];
  }

  private declared<T>(
    kind: EnhancerKind,
    target: object,
    module: ModuleWrapper,
  ): T[] {
    const declared =
      (Reflect.getMetadata(METADATA_KEYS[kind], target) as
        Enhancer<T>[] | undefined) ?? [];
    return declared.map(enhancer => this.resolver.resolve(enhancer, module));
  }
}

/** The class name of an enhancer instance; `(object)` for an object literal. */
function classNameOf(enhancer: unknown): string {
  const name = (enhancer as object).constructor?.name;
  return name && name !== 'Object' ? name : '(object)';
}
