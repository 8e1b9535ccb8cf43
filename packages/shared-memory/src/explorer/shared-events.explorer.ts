import type { DiscoveredMethod } from '@mvent/core';
import { DiscoveryService, Injectable } from '@mvent/core';
import { ON_EVENT_METADATA } from '../constants';
import type { OnEventMetadata } from '../decorators/on-event.decorator';

/** One `@OnEvent` binding to make: a method, its instance, and one pattern. */
export interface EventHandlerDescriptor {
  method: DiscoveredMethod<OnEventMetadata[]>;
  pattern: string;
  options: OnEventMetadata['options'];
  /** `Class.method` for logs and statistics. */
  name: string;
}

/** Finds every `@OnEvent` method of the application's providers and controllers. */
@Injectable()
export class SharedEventsExplorer {
  constructor(private readonly discovery: DiscoveryService) {}

  explore(): EventHandlerDescriptor[] {
    return this.discovery
      .getMethodsWithMetadata<OnEventMetadata[]>(ON_EVENT_METADATA)
      .flatMap(method => {
        const name = `${method.instance.constructor.name}.${method.methodName}`;
        return method.metadata.map(({ pattern, options }) => ({
          method,
          pattern,
          options,
          name,
        }));
      });
  }
}
