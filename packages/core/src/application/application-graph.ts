import { Injectable } from '../decorators/injectable.decorator';
import { ModulesContainer } from '../injector/container';
import { PipelineFactory } from '../pipeline/pipeline-factory';
import { tokenName } from '../utils/token-name.util';
import type { ApplicationGraph } from './application-graph.interface';

/** The framework's own module and provider, left out of the graph: every application has them. */
const INTERNAL_MODULE = 'InternalCoreModule';
const INTERNAL_PROVIDER = 'ModuleRef';

/**
 * Describes the running application: its modules and every handler some transport serves
 * (those wired so far: transports wire theirs during `init()`). Injectable from any module;
 * `@mvent/shared-memory` publishes it for `mvent dashboard`.
 *
 * @publicApi
 */
@Injectable()
export class ApplicationGraphService {
  /** @internal */
  constructor(
    private readonly modules: ModulesContainer,
    private readonly pipelines: PipelineFactory,
  ) {}

  /** The application's modules and wired handlers now. */
  graph(): ApplicationGraph {
    const names = (tokens: Iterable<unknown>) => [...tokens].map(tokenName);
    return {
      modules: this.modules.modules
        .filter(module => module.name !== INTERNAL_MODULE)
        .map(module => ({
          name: module.name,
          global: module.isGlobal,
          imports: module.imports
            .map(imported => imported.name)
            .filter(name => name !== INTERNAL_MODULE),
          providers: names(module.providers.keys()).filter(
            name => name !== INTERNAL_PROVIDER,
          ),
          controllers: names(module.controllers.keys()),
          exports: names(module.exportedTokens),
        })),
      handlers: [...this.pipelines.wired],
    };
  }
}
