import { IsInt } from 'class-validator';
import { Controller, Module } from '@mvent/core';
import type { SyftBoxConfig } from '@mvent/syft-events';
import {
  Body,
  OnRequest,
  Req,
  Response,
  RpcRequest,
  SyftEvents,
  SyftEventsModule,
} from '@mvent/syft-events';

/** Two numbers to add. */
export class AddRequest {
  @IsInt()
  a!: number;

  @IsInt()
  b!: number;
}

/** The TypeScript twin of the Python handlers behind the fixtures (see their README). */
@Controller()
export class DemoController {
  constructor(private readonly events: SyftEvents) {}

  @OnRequest('/echo', {
    description: 'Echo the raw request back (body bytes unchanged).',
  })
  echo(@Req() request: RpcRequest) {
    const headers: Record<string, string> = {
      'x-echo-method': request.method,
      'x-echo-sender': request.sender,
      'x-echo-id': request.id,
    };
    for (const [name, value] of Object.entries(request.headers)) {
      headers[`x-in-${name}`] = value;
    }
    return new Response(request.body, 200, headers);
  }

  @OnRequest('/add', {
    description: 'Add two ints (pydantic model arg = whole JSON body).',
  })
  add(@Body() { a, b }: AddRequest): { total: number; by: string } {
    return { total: a + b, by: this.events.email };
  }

  @OnRequest('/text')
  text(@Body() text: string): string {
    return text.toUpperCase();
  }

  @OnRequest('/fail')
  fail(): never {
    throw new Error('this handler always fails');
  }

  @OnRequest('/status')
  status() {
    return new Response({ created: true }, 201, { Location: '/x/1' });
  }
}

/** The demo app module on a given SyftBox. */
export function demoModule(config: SyftBoxConfig, extra: object = {}) {
  @Module({
    imports: [SyftEventsModule.forRoot({ appName: 'demo', config, ...extra })],
    controllers: [DemoController],
  })
  class DemoModule {}
  return DemoModule;
}
