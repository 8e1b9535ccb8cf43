import type {
  EventSkipReason,
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@mvent/core';
import {
  discoverEventHandlers,
  DiscoveryService,
  Inject,
  Injectable,
  Logger,
  PipelineFactory,
  UnsupportedEventOptionError,
} from '@mvent/core';
import { SHARED_MEMORY_OPTIONS } from '../constants';
import type { EventSubscription } from '../event-bus/event-bus.interfaces';
import { MemoryEventBus } from '../event-bus/memory-event-bus';
import type {
  EventEnvelope,
  EventHandler,
} from '../event-bus/event-envelope.interface';
import type { SharedMemoryOptions } from '../interfaces/shared-memory-options.interface';
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
    private readonly discovery: DiscoveryService,
    private readonly bus: MemoryEventBus,
    private readonly readiness: SharedEventsReadinessWatcher,
    private readonly pipelines: PipelineFactory,
    @Inject(SHARED_MEMORY_OPTIONS)
    private readonly options: SharedMemoryOptions,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      const handlers = discoverEventHandlers(this.discovery, this.pipelines, {
        transport: 'memory',
        timeout: this.options.handlerTimeout,
        onSkipped: (reason, name, error, envelope) =>
          this.skipped(reason, name, error, envelope as EventEnvelope),
      });
      for (const { options, name } of handlers) {
        UnsupportedEventOptionError.assertNone('shared-memory', name, options, [
          'group',
          'since',
          'maxDeliver',
          'ackWait',
        ]);
      }
      await this.bus.ready;
      for (const { pattern, options, name, handle } of handlers) {
        this.subscriptions.push(
          this.bus.on(pattern, handle as EventHandler, { ...options, name }),
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

  private skipped(
    reason: EventSkipReason,
    name: string,
    error: Error,
    { event, seq }: EventEnvelope,
  ): void {
    if (reason === 'invalid') {
      this.bus.countInvalid(name);
      this.logger.warn(
        `${name} skipped "${event}" #${seq}: invalid payload ${JSON.stringify((error as { violations?: unknown }).violations)}`,
      );
    } else {
      this.bus.countRefused(name);
      this.logger.debug(`${name} skipped "${event}" #${seq}: ${error.message}`);
    }
  }
}
