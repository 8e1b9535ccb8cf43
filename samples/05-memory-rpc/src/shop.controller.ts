import { Controller, NotFoundException } from '@mvent/core';
import { Body, OnRequest, Param, Query, Sender } from '@mvent/core';
import { QuoteDto } from './quote.dto';

const PRICES: Record<string, number> = { apple: 0.5, pear: 0.75, plum: 0.3 };

/** The shop's routes, served over shared memory to every process attached to the pool. */
@Controller('/shop')
export class ShopController {
  @OnRequest('/quote')
  quote(@Body() { item, quantity }: QuoteDto, @Sender() sender: string) {
    return {
      item,
      quantity,
      total: PRICES[item] * quantity,
      for: sender,
      by: process.pid,
    };
  }

  @OnRequest('/prices/{item}')
  price(@Param('item') item: string) {
    if (!(item in PRICES))
      throw new NotFoundException(`We do not sell ${item}`);
    return { item, price: PRICES[item] };
  }

  /** Streams a countdown: the client receives each number as it is produced. */
  @OnRequest('/countdown')
  async *countdown(@Query('from') from: string) {
    for (let n = Number(from); n >= 0; n--) {
      await new Promise(resolve => setTimeout(resolve, 10));
      yield n;
    }
  }
}
