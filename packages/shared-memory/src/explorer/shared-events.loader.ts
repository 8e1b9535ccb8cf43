import type {
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@mvent/core';
import {
  GuardRefusedException,
  Inject,
  Injectable,
  Logger,
  PayloadValidationException,
  PipelineFactory,
  ThrottlerException,
} from '@mvent/core';
import { SHARED_MEMORY_OPTIONS } from '../constants';
import type { EventSubscription } from '../event-bus/memory-event-bus';
import { MemoryEventBus } from '../event-bus/memory-event-bus';
import type {
  EventEnvelope,
  EventHandler,
} from '../event-bus/event-envelope.interface';
import type { SharedMemoryOptions } from '../interfaces/shared-memory-options.interface';
import { eventParameterSpecs } from './event-parameters';
import type { EventHandlerDescriptor } from './shared-events.explorer';
import { SharedEventsExplorer } from './shared-events.explorer';
import { SharedEventsReadinessWatcher } from './shared-events-readiness.watcher';

/**
 * Binds every `@OnEvent` method to the bus when the application boots, through the core's
 * pipeline (guards, interceptors, pipes with DTO validation, filters, timeout), and unbinds
 * them at shutdown. A payload that fails validation is counted as invalid and an event a
 * guard refuses as refused; neither calls the method.
 */
@Injectable()
export class SharedEventsLoader
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('SharedEvents');
  private readonly subscriptions: EventSubscription[] = [];

  constructor(
    private readonly explorer: SharedEventsExplorer,
    private readonly bus: MemoryEventBus,
    private readonly readiness: SharedEventsReadinessWatcher,
    private readonly pipelines: PipelineFactory,
    @Inject(SHARED_MEMORY_OPTIONS)
    private readonly options: SharedMemoryOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      const handlers = this.explorer
        .explore()
        .map(
          descriptor => [descriptor, this.createHandler(descriptor)] as const,
        );
      await this.bus.ready;
      for (const [descriptor, handler] of handlers) {
        this.subscriptions.push(
          this.bus.on(descriptor.pattern, handler, {
            ...descriptor.options,
            name: descriptor.name,
          }),
        );
      }
      this.readiness.setReady();
    } catch (error) {
      this.readiness.setFailed(error);
      throw error;
    }
  }

  onApplicationShutdown(): void {
    for (const subscription of this.subscriptions.splice(0)) {
      subscription.unsubscribe();
    }
  }

  private createHandler({
    method,
    options,
    name,
  }: EventHandlerDescriptor): EventHandler {
    const call = this.pipelines.create(method, {
      type: 'event',
      parameters: eventParameterSpecs(method.instance, method.methodName),
      timeoutMs: options.timeout ?? this.options.handlerTimeout,
    });
    const skipped = (error: unknown, { event, seq }: EventEnvelope) => {
      if (error instanceof PayloadValidationException) {
        this.bus.countInvalid(name);
        this.logger.warn(
          `${name} skipped "${event}" #${seq}: invalid payload ${JSON.stringify(error.violations)}`,
        );
      } else if (
        error instanceof GuardRefusedException ||
        error instanceof ThrottlerException
      ) {
        this.bus.countRefused(name);
        this.logger.debug(
          `${name} skipped "${event}" #${seq}: ${error.message}`,
        );
      } else {
        throw error;
      }
    };
    // Synchronous when the pipeline is, so the handler runs in log order with the others.
    return (value, envelope) => {
      try {
        const result = call([value, envelope]);
        return result instanceof Promise
          ? result.catch((error: unknown) => skipped(error, envelope))
          : result;
      } catch (error) {
        return skipped(error, envelope);
      }
    };
  }
}
