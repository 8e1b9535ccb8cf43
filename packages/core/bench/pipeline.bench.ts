/**
 * `npm run bench -w @mvent/core`: what the request pipeline costs per call, in-process, without
 * a transport: a route's `invoke(request)` with an empty pipeline, with a guard and an
 * interceptor, and with a DTO body validated by the default ValidationPipe, against calling
 * the method directly. Round trips over a transport are in `npm run bench:compare`.
 */
import 'reflect-metadata';
import type { CallHandler, CanActivate, NestInterceptor } from '@mvent/core';
import {
  Body,
  Controller,
  DiscoveryModule,
  DiscoveryService,
  Logger,
  Module,
  MventFactory,
  OnRequest,
  PipelineFactory,
  RpcRequest,
  UseGuards,
  UseInterceptors,
  discoverRoutes,
} from '@mvent/core';
import { IsInt, IsString } from 'class-validator';
import { map } from 'rxjs';

const CALLS = 200_000;
const ROUNDS = 5;

class ItemDto {
  @IsString()
  name!: string;

  @IsInt()
  count!: number;
}

const Allow: CanActivate = { canActivate: () => true };
const Same: NestInterceptor = {
  intercept: (_context, next: CallHandler) => next.handle().pipe(map(v => v)),
};

@Controller()
class BenchController {
  @OnRequest('/empty')
  empty(@Body() body: unknown) {
    return body;
  }

  @UseGuards(Allow)
  @UseInterceptors(Same)
  @OnRequest('/guarded')
  guarded(@Body() body: unknown) {
    return body;
  }

  @OnRequest('/dto')
  dto(@Body() body: ItemDto) {
    return body;
  }
}

@Module({ imports: [DiscoveryModule], controllers: [BenchController] })
class BenchModule {}

async function perCall(call: () => unknown): Promise<number> {
  const best: number[] = [];
  for (let round = 0; round < ROUNDS; round++) {
    const started = process.hrtime.bigint();
    for (let i = 0; i < CALLS; i++) await call();
    best.push(Number(process.hrtime.bigint() - started) / CALLS);
  }
  return Math.min(...best);
}

async function main(): Promise<void> {
  Logger.overrideLogger(false);
  const app = await MventFactory.create(BenchModule);
  await app.init();
  const routes = discoverRoutes(
    app.get(DiscoveryService),
    'bench',
    app.get(PipelineFactory),
  );
  const request = (path: string, body: unknown) =>
    new RpcRequest({
      id: '1',
      sender: 'bench',
      url: path,
      method: 'POST',
      path,
      body: Buffer.from(JSON.stringify(body)),
    });
  const invoke = (path: string, body: unknown) => {
    const route = routes.find(r => r.path.toString() === path)!;
    const prepared = request(path, body);
    return () => route.invoke(prepared);
  };
  const controller = app.get(BenchController);
  const body = { name: 'pear', count: 3 };
  const rows: [string, number][] = [
    [
      'the method, called directly (JSON parse of the body)',
      await perCall(() => controller.empty(JSON.parse(JSON.stringify(body)))),
    ],
    ['route.invoke, empty pipeline', await perCall(invoke('/empty', body))],
    [
      'route.invoke, a guard and an interceptor',
      await perCall(invoke('/guarded', body)),
    ],
    [
      'route.invoke, a DTO body (default ValidationPipe)',
      await perCall(invoke('/dto', body)),
    ],
  ];
  console.log(
    `\nPipeline cost per call, best of ${ROUNDS} × ${CALLS.toLocaleString()} calls, Node ${process.version}\n`,
  );
  for (const [name, ns] of rows) {
    console.log(`${name.padEnd(52)} ${(ns / 1000).toFixed(2).padStart(7)} µs`);
  }
  await app.close();
}

void main();
