import type { TransportEnvelope } from '@mvent/core';
import { Controller, OnEvent } from '@mvent/core';
import { OrderDto } from './order.dto';

/** What one consumer process handled, reported to the producer at the end. */
export const handled = { billing: 0, shipping: 0 };

/**
 * The `billing` group: its members (one in each consumer process) share the orders, so
 * each order is billed once, by whichever member takes it.
 */
@Controller()
export class BillingController {
  @OnEvent('order.created', { group: 'billing' })
  bill(_order: OrderDto): void {
    handled.billing++;
  }
}

/** The `shipping` group: a single member here, so it ships every order, in order. */
@Controller()
export class ShippingController {
  private last = 0;

  @OnEvent('order.created', { group: 'shipping' })
  ship(order: OrderDto, { seq }: TransportEnvelope): void {
    if (order.id <= this.last)
      throw new Error(`order ${order.id} after ${this.last} (#${seq})`);
    this.last = order.id;
    handled.shipping++;
  }
}

/** Without a group, every consumer process gets `order.done` (broadcast). */
@Controller()
export class DoneController {
  finished: Promise<void>;
  private finish!: () => void;

  constructor() {
    this.finished = new Promise(resolve => (this.finish = resolve));
  }

  @OnEvent('order.done')
  done(): void {
    this.finish();
  }
}
