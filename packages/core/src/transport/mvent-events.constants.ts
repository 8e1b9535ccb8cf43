/** DI token of the application's {@link MventTransport}. */
export const MVENT_TRANSPORT = Symbol('MVENT_TRANSPORT');
/** DI token of the `MventEventsModule` options. */
export const MVENT_EVENTS_OPTIONS = Symbol('MVENT_EVENTS_OPTIONS');
