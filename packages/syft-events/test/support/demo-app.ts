import { IsInt, IsString } from 'class-validator';
import { JSONSchema } from 'class-validator-jsonschema';
import { Controller, Module } from '@mvent/core';
import type { SyftBoxConfig } from '@mvent/syft-events';
import {
  Body,
  EventRouter,
  OnRequest,
  Req,
  Response,
  RpcRequest,
  SyftEvents,
  SyftEventsModule,
} from '@mvent/syft-events';

/** Two numbers to add. */
@JSONSchema({ description: 'Two numbers to add.' })
export class AddRequest {
  @IsInt()
  a!: number;

  @IsInt()
  b!: number;
}

export class AddResponse {
  @IsInt()
  total!: number;

  @IsString()
  by!: string;
}

/** A plain class, as the Python demo's dataclass. */
export class Greeting {
  name!: string;
}

/**
 * The TypeScript twin of the Python handlers behind the fixtures (see their README), with
 * the same names and types, so that its `rpc.schema.json` can be compared with Python's.
 */
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
  add(@Body() data: AddRequest): AddResponse {
    return { total: data.a + data.b, by: this.events.email };
  }

  @OnRequest('/dict', {
    description: 'dict arg = json.loads(body) (None when body empty).',
  })
  dict(@Body() payload: object): object {
    return payload;
  }

  @OnRequest('/text', { description: 'str arg = body decoded as UTF-8.' })
  text(@Body() msg: string): string {
    return msg.toUpperCase();
  }

  @OnRequest('/greet', {
    description: 'dataclass arg = Greeting(**json body).',
    returns: [String],
  })
  greet(@Body() g: Greeting): string[] {
    return [`hello ${g.name}`];
  }

  @OnRequest('/typed_int', {
    description:
      'int params are NOT bindable by syft-event (ValueError: Unknown type) -> 400.',
  })
  typedInt(@Body() x: bigint, @Body() y: bigint = 0n): bigint {
    return x + y;
  }

  @OnRequest('/fail', { description: 'Always raises.' })
  fail(): string {
    throw new Error('this handler always fails');
  }

  @OnRequest('/status')
  status() {
    return new Response({ created: true }, 201, { Location: '/x/1' });
  }

  @OnRequest('/none')
  none() {}

  @OnRequest('/bytes')
  bytes(): Buffer {
    return Buffer.from('bytes');
  }

  @OnRequest('/async', { returns: Object })
  async async(): Promise<object> {
    return Promise.resolve({ async: true });
  }

  @OnRequest('/slow')
  slow(): object {
    return { slow: true };
  }

  @OnRequest('/secure', {
    description:
      'Auto-decrypted request body (X3DH EncryptedPayload) + encrypted reply.',
    encryptReply: true,
  })
  secure(@Body() data: object): object {
    return data;
  }
}

/** The Python demo's `EventRouter`, included under `/v1`. */
export const v1Router = new EventRouter().onRequest(
  '/ping',
  () => ({ pong: true }),
  { returns: Object },
);

/** The demo app module on a given SyftBox. */
export function demoModule(config: SyftBoxConfig, extra: object = {}) {
  @Module({
    imports: [SyftEventsModule.forRoot({ appName: 'demo', config, ...extra })],
    controllers: [DemoController],
  })
  class DemoModule {}
  return DemoModule;
}
