import { Server } from '../server/server';
import type {
  MventTransport,
  TransportRoute,
  TransportSubscription,
} from './transport.interface';

/**
 * The `@OnRequest` routes of a {@link MventTransport}, as a {@link Server}: `app.listen()`
 * starts answering them and `app.close()` stops, before the transport disconnects.
 */
export class TransportServer extends Server {
  readonly transportId: string;
  private serving: TransportSubscription | undefined;

  constructor(
    private readonly transport: MventTransport,
    private readonly routes: readonly TransportRoute[],
  ) {
    super();
    this.transportId = transport.name;
  }

  async listen(): Promise<void> {
    this.serving ??= await this.transport.serve(this.routes);
  }

  async close(): Promise<void> {
    const serving = this.serving;
    this.serving = undefined;
    await serving?.close();
  }
}
