import type { TransportSubscription } from '@mvent/core';

/** The subscriptions and served routes of a transport, closed together when it closes. */
export class OpenSubscriptions {
  private readonly open = new Set<TransportSubscription>();

  /** Tracks `subscription`; the handle returned closes it and stops tracking it. */
  track(subscription: TransportSubscription): TransportSubscription {
    this.open.add(subscription);
    return {
      close: async () => {
        this.open.delete(subscription);
        await subscription.close();
      },
    };
  }

  /** Closes every subscription still open. */
  async closeAll(): Promise<void> {
    const open = [...this.open];
    this.open.clear();
    await Promise.all(open.map(subscription => subscription.close()));
  }
}
