export * from './on-event.decorator';
export type { OnEventOptions } from './on-event-options.interface';
export { eventParameterSpecs } from './event-parameters';
export { discoverEventHandlers } from './event-handler-discovery';
export type {
  DiscoveredEventHandler,
  EventHandlerDiscoveryOptions,
  EventSkipReason,
} from './event-handler-discovery';
export { UnsupportedEventOptionError } from './unsupported-event-option.error';
