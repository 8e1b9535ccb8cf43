import { CoreError } from '../errors/core.error';
import type { OnEventOptions } from './on-event-options.interface';

/**
 * An `@OnEvent` option the application's event transport cannot honour, such as `group` on
 * the shared-memory bus. Raised at bootstrap, before any event is delivered, rather than
 * silently delivering with other semantics.
 *
 * @publicApi
 */
export class UnsupportedEventOptionError extends CoreError {
  constructor(
    readonly transport: string,
    readonly handler: string,
    readonly option: string,
  ) {
    super(
      'CORE_UNSUPPORTED_EVENT_OPTION',
      `${handler}: the ${transport} event transport does not support the \`${option}\` option of @OnEvent. Remove it, or run the handler on a transport that does (NATS JetStream or Redis Streams support group, since, maxDeliver and ackWait).`,
    );
  }

  /** @throws UnsupportedEventOptionError for the first of `unsupported` that `options` sets */
  static assertNone(
    transport: string,
    handler: string,
    options: OnEventOptions,
    unsupported: readonly (keyof OnEventOptions)[],
  ): void {
    const set = unsupported.find(key => options[key] !== undefined);
    if (set) throw new UnsupportedEventOptionError(transport, handler, set);
  }
}
