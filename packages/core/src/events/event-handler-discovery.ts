import { ON_EVENT_METADATA } from '../constants';
import type { DiscoveryService } from '../discovery/discovery.service';
import { GuardRefusedException } from '../pipeline/handler-pipeline';
import type { PipelineFactory } from '../pipeline/pipeline-factory';
import { ThrottlerException } from '../throttler/throttler.exception';
import { PayloadValidationException } from '../validation/payload-validation.exception';
import { eventParameterSpecs } from './event-parameters';
import type { OnEventMetadata } from './on-event.decorator';
import type { OnEventOptions } from './on-event-options.interface';

/**
 * Why the pipeline did not call an `@OnEvent` method: the payload failed validation, or a
 * guard (or the throttler) refused the event. Neither is retried.
 *
 * @publicApi
 */
export type EventSkipReason = 'invalid' | 'refused';

/**
 * An `@OnEvent` binding found in the application, ready for a transport to subscribe.
 *
 * @publicApi
 */
export interface DiscoveredEventHandler {
  pattern: string;
  options: OnEventOptions;
  /** `Class.method`, for logs and statistics. */
  name: string;
  /**
   * Runs the method through its pipeline with `(value, envelope)`: synchronously when the
   * pipeline is, so that handlers run in log order. It resolves once the method succeeded or
   * was skipped (reported to `onSkipped`), and throws or rejects when the method failed.
   */
  handle: (value: unknown, envelope: unknown) => unknown;
}

/**
 * Options of {@link discoverEventHandlers}.
 *
 * @publicApi
 */
export interface EventHandlerDiscoveryOptions {
  /** The transport's name (`memory`, `nats`), for the application graph. */
  transport: string;
  /** The default handler timeout in ms, for handlers without `timeout`. */
  timeout?: number;
  /** Told of each event the pipeline skipped; the event counts as handled. */
  onSkipped(
    reason: EventSkipReason,
    handler: string,
    error: Error,
    envelope: unknown,
  ): void;
}

/**
 * Every `@OnEvent` method of the application's providers and controllers, one entry per
 * pattern, each with its pipeline (guards, interceptors, pipes with DTO validation, filters,
 * timeout). Every event transport binds its handlers through this one function.
 *
 * @publicApi
 */
export function discoverEventHandlers(
  discovery: DiscoveryService,
  pipelines: PipelineFactory,
  options: EventHandlerDiscoveryOptions,
): DiscoveredEventHandler[] {
  return discovery
    .getMethodsWithMetadata<OnEventMetadata[]>(ON_EVENT_METADATA)
    .flatMap(method => {
      const name = `${method.instance.constructor.name}.${method.methodName}`;
      return method.metadata.map(({ pattern, options: eventOptions }) => {
        const call = pipelines.create(method, {
          type: 'event',
          parameters: eventParameterSpecs(method.instance, method.methodName),
          timeoutMs: eventOptions.timeout ?? options.timeout,
          transport: options.transport,
          trigger: pattern,
        });
        const skipped = (error: unknown, envelope: unknown): void => {
          const reason = skipReasonOf(error);
          if (!reason) throw error;
          options.onSkipped(reason, name, error as Error, envelope);
        };
        const handle = (value: unknown, envelope: unknown): unknown => {
          try {
            const result = call([value, envelope]);
            return result instanceof Promise
              ? result.catch((error: unknown) => skipped(error, envelope))
              : result;
          } catch (error) {
            return skipped(error, envelope);
          }
        };
        return { pattern, options: eventOptions, name, handle };
      });
    });
}

function skipReasonOf(error: unknown): EventSkipReason | undefined {
  if (error instanceof PayloadValidationException) return 'invalid';
  if (
    error instanceof GuardRefusedException ||
    error instanceof ThrottlerException
  ) {
    return 'refused';
  }
  return undefined;
}
