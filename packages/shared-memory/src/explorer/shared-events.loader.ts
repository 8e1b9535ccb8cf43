import type {
  OnApplicationBootstrap,
  OnApplicationShutdown,
} from '@mvent/core';
import { Injectable, Logger, ValidationPipe } from '@mvent/core';
import type { EventSubscription } from '../event-bus/memory-event-bus';
import { MemoryEventBus } from '../event-bus/memory-event-bus';
import type {
  EventEnvelope,
  EventHandler,
} from '../event-bus/event-envelope.interface';
import type { EventHandlerDescriptor } from './shared-events.explorer';
import { SharedEventsExplorer } from './shared-events.explorer';
import { SharedEventsReadinessWatcher } from './shared-events-readiness.watcher';

/**
 * Binds every `@OnEvent` method to the bus when the application boots, validating DTO
 * payloads, and unbinds them at shutdown.
 */
@Injectable()
export class SharedEventsLoader
  implements OnApplicationBootstrap, OnApplicationShutdown
{
  private readonly logger = new Logger('SharedEvents');
  private readonly validation = new ValidationPipe({
    whitelist: true,
    forbidNonWhitelisted: true,
    transform: true,
  });
  private readonly subscriptions: EventSubscription[] = [];

  constructor(
    private readonly explorer: SharedEventsExplorer,
    private readonly bus: MemoryEventBus,
    private readonly readiness: SharedEventsReadinessWatcher,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    try {
      await this.bus.ready;
      for (const descriptor of this.explorer.explore()) {
        this.subscriptions.push(
          this.bus.on(descriptor.pattern, this.createHandler(descriptor), {
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
    payloadType,
    name,
  }: EventHandlerDescriptor): EventHandler {
    const call = (value: unknown, envelope: EventEnvelope) =>
      method.method.call(method.instance, value, envelope);
    if (!ValidationPipe.isValidatable(payloadType)) {
      return call;
    }
    // Synchronous validation keeps a DTO handler in log order with the process's other handlers.
    return (value, envelope) => {
      const result = this.validation.validateSync(value, payloadType);
      if (!result.valid) {
        this.bus.countInvalid(name);
        this.logger.warn(
          `${name} skipped "${envelope.event}" #${envelope.seq}: invalid payload ${JSON.stringify(result.violations)}`,
        );
        return;
      }
      return call(result.value, envelope);
    };
  }
}
