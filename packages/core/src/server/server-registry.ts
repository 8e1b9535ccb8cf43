import { Injectable } from '../decorators/injectable.decorator';
import type { Server } from './server';

/**
 * The servers the application starts on `listen()` and stops on `close()`.
 * Injectable everywhere; engines call {@link ServerRegistry.register}.
 *
 * @publicApi
 */
@Injectable()
export class ServerRegistry {
  private readonly servers: Server[] = [];

  /** Adds `server` once; registering the same server twice has no effect. */
  register(server: Server): void {
    if (!this.servers.includes(server)) {
      this.servers.push(server);
    }
  }

  /** The registered servers, in registration order. */
  getServers(): readonly Server[] {
    return this.servers;
  }
}
