import { Controller } from '@mvent/core';
import { OnEvent, SharedMemoryPool } from '@mvent/shared-memory';
import type { EventEnvelope } from '@mvent/shared-memory';
import { OrderDto } from './order.dto';

/** Counts the orders it receives and, at the end, reads the shared stock. */
@Controller()
export class OrdersController {
  readonly orders: OrderDto[] = [];
  finished: Promise<string>;
  private finish!: (summary: string) => void;

  constructor(private readonly pool: SharedMemoryPool) {
    this.finished = new Promise(resolve => (this.finish = resolve));
  }

  @OnEvent('order.created')
  onCreated(order: OrderDto): void {
    this.orders.push(order);
  }

  @OnEvent('order.done')
  onDone(_value: unknown, { origin }: EventEnvelope): void {
    const stock = this.pool.get<Record<string, number>>('stock');
    const session = this.pool.get<string>('session', 'expired');
    this.finish(
      `received ${this.orders.length} orders from pid ${origin}; stock ${JSON.stringify(stock)}; session ${session}`,
    );
  }
}
