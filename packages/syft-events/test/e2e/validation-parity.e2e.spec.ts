import type { MventApplication } from '@mvent/core';
import {
  Body,
  Controller,
  Logger,
  Module,
  MventFactory,
  OnRequest,
  ValidationPipe,
} from '@mvent/core';
import type { EventEnvelope } from '@mvent/shared-memory';
import { MemoryEventBus, MemoryRpcClient, OnEvent } from '@mvent/shared-memory';
import { SyftRpcClient } from '@mvent/syft-events';
import { waitFor } from '@mvent/testing';
import { IsInt, IsString, Min } from 'class-validator';
import { bothTransports } from '../support/both-transports';

class OrderDto {
  @IsString()
  item!: string;

  @IsInt()
  @Min(1)
  quantity!: number;
}

@Controller()
class OrdersController {
  readonly delivered: unknown[] = [];

  @OnRequest('/order')
  order(@Body() order: OrderDto) {
    return { accepted: order instanceof OrderDto ? 'dto' : 'plain', ...order };
  }

  @OnEvent('order.*')
  placed(order: OrderDto, { event }: EventEnvelope) {
    this.delivered.push(event);
  }
}

type Outcome = 'accepted' | 'refused';

/** One body, and what every transport must do with it, with default and lenient options. */
const CASES: [string, unknown, Outcome, Outcome][] = [
  ['a valid order', { item: 'tea', quantity: 2 }, 'accepted', 'accepted'],
  [
    'an unknown property',
    { item: 'tea', quantity: 2, admin: true },
    'refused',
    'accepted',
  ],
  ['a wrong type', { item: 'tea', quantity: 'two' }, 'refused', 'refused'],
  ['a broken constraint', { item: 'tea', quantity: 0 }, 'refused', 'refused'],
  ['a missing property', { item: 'tea' }, 'refused', 'refused'],
  ['not an object', [1, 2], 'refused', 'refused'],
];

async function outcomes(lenient: boolean) {
  const transports = await bothTransports();
  @Module({
    imports: transports.imports,
    controllers: [OrdersController],
  })
  class ParityModule {}
  const app: MventApplication = await MventFactory.create(ParityModule);
  if (lenient) app.useGlobalPipes(new ValidationPipe({ transform: true }));
  await app.listen();
  const bus = app.get(MemoryEventBus);
  const controller = app.get(OrdersController);
  const results: Record<string, [string, Outcome, Outcome, Outcome]> = {};
  try {
    for (const [index, [name, body]] of CASES.entries()) {
      const syft = await app
        .get(SyftRpcClient)
        .send('syft://alice@example.com/app_data/parity/rpc/order', {
          method: 'POST',
          body,
        });
      const memory = await app
        .get(MemoryRpcClient)
        .send('/order', { method: 'POST', body });
      const event = `order.${index}`;
      bus.emit(event, body);
      await waitFor(() => {
        const stats = bus.getHandlerStats()['OrdersController.placed'];
        return (stats?.calls ?? 0) + (stats?.invalid ?? 0) >= index + 1;
      });
      const asOutcome = (status: number): Outcome =>
        status === 200
          ? 'accepted'
          : status === 400
            ? 'refused'
            : (`status ${status}` as Outcome);
      results[name] = [
        name,
        asOutcome(syft.statusCode),
        asOutcome(memory.statusCode),
        controller.delivered.includes(event) ? 'accepted' : 'refused',
      ];
    }
  } finally {
    await app.close();
    await transports.remove();
  }
  return results;
}

describe('one validation on every transport', () => {
  beforeAll(() => Logger.overrideLogger(false));

  it.each([
    ['the default validation', false],
    ['a global ValidationPipe without whitelist', true],
  ])(
    'gives the same outcome over SyftBox, memory RPC and @OnEvent with %s',
    async (_label, lenient) => {
      const results = await outcomes(lenient);
      for (const [name, , defaultOutcome, lenientOutcome] of CASES) {
        const expected = lenient ? lenientOutcome : defaultOutcome;
        expect(results[name]).toEqual([name, expected, expected, expected]);
      }
    },
    30_000,
  );
});
