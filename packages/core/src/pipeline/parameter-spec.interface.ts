import type { ArgumentMetadata, PipeTransform } from './enhancer.interfaces';
import type { ExecutionContextHost } from './execution-context-host';
import type { Enhancer } from './use-enhancers.decorators';

/**
 * One handler argument as an engine describes it to the pipeline: its metadata for pipes,
 * how to read it from the call, and the pipes given to its decorator.
 *
 * @publicApi
 */
export interface ParameterSpec {
  metadata: ArgumentMetadata;
  extract: (context: ExecutionContextHost) => unknown;
  pipes: Enhancer<PipeTransform>[];
}
