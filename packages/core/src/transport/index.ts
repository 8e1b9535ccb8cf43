export * from './transport.interface';
export * from './transport.errors';
export {
  MVENT_EVENTS_OPTIONS,
  MVENT_TRANSPORT,
} from './mvent-events.constants';
export type { MventEventsModuleOptions } from './mvent-events-options.interface';
export { MventEventsClient } from './mvent-events-client';
export { MventEventsModule } from './mvent-events.module';
