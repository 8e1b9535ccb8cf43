import type { RecentRpcCall } from './stats.interface';
import { RECENT_RPC_CALLS } from './stats.interface';

const MAX_SENDER_CHARS = 200;

/** The latest {@link RECENT_RPC_CALLS} RPC calls of this process, for the dashboard. */
export class RecentCalls {
  private readonly calls: RecentRpcCall[] = [];

  /** Keeps `call`, forgetting the oldest beyond the bound. */
  add(call: Omit<RecentRpcCall, 'at'>): void {
    this.calls.push({
      transport: call.transport,
      route: call.route,
      sender: call.sender.slice(0, MAX_SENDER_CHARS),
      statusCode: call.statusCode,
      durationMs: call.durationMs,
      at: Date.now(),
    });
    if (this.calls.length > RECENT_RPC_CALLS) this.calls.shift();
  }

  /** A copy, oldest first. */
  list(): RecentRpcCall[] {
    return [...this.calls];
  }
}
