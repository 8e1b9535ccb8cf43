import { Inject } from '../decorators/inject.decorator';
import { Injectable } from '../decorators/injectable.decorator';
import { MVENT_TRANSPORT } from './mvent-events.constants';
import type {
  MventTransport,
  PublishOptions,
  PublishReceipt,
  TransportRequest,
  TransportResponse,
  TransportStats,
} from './transport.interface';

/**
 * Publishes events and sends requests on the application's transport: inject it anywhere
 * once `MventEventsModule` is imported. The same calls work on every transport.
 *
 * @example
 * ```ts
 * await events.emit('order.created', { id: 42 });
 * const { statusCode, body } = await events.send('/orders/42', { timeout: 2000 });
 * ```
 * @publicApi
 */
@Injectable()
export class MventEventsClient {
  constructor(@Inject(MVENT_TRANSPORT) readonly transport: MventTransport) {}

  /**
   * Publishes `value` as `event`; resolves once the transport stored it (on a durable
   * transport, once the stream acknowledged it).
   */
  emit(
    event: string,
    value: unknown,
    options?: PublishOptions,
  ): Promise<PublishReceipt> {
    return this.transport.publish(event, value, options);
  }

  /**
   * Sends a request to `path` and resolves with the response: 404 when nobody serves the
   * route, 400 for a body the route refuses, 500 when its handler fails.
   *
   * @throws TransportTimeoutError when no response arrives within `timeout`
   */
  send<T = unknown>(
    path: string,
    request?: TransportRequest,
  ): Promise<TransportResponse<T>> {
    return this.transport.request(path, request) as Promise<
      TransportResponse<T>
    >;
  }

  /** The transport's counters. */
  stats(): TransportStats {
    return this.transport.stats();
  }
}
