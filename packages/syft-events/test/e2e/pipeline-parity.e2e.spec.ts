import type {
  ArgumentMetadata,
  CallHandler,
  CanActivate,
  ExecutionContext,
  MventApplication,
  NestInterceptor,
  PipeTransform,
} from '@mvent/core';
import {
  Body,
  Controller,
  Injectable,
  Logger,
  Module,
  MventFactory,
  OnRequest,
  UseGuards,
  UseInterceptors,
  UsePipes,
} from '@mvent/core';
import { MemoryEventBus, MemoryRpcClient, OnEvent } from '@mvent/shared-memory';
import { SyftRpcClient } from '@mvent/syft-events';
import { waitFor } from '@mvent/testing';
import { tap } from 'rxjs';
import { bothTransports } from '../support/both-transports';

/** Written by every enhancer, per transport. */
@Injectable()
class Journal {
  readonly entries = new Map<string, string[]>();
  write(context: ExecutionContext, entry: string): void {
    const type = context.getType();
    this.entries.set(type, [...(this.entries.get(type) ?? []), entry]);
  }
}

@Injectable()
class GlobalGuard implements CanActivate {
  constructor(private readonly journal: Journal) {}
  canActivate(context: ExecutionContext) {
    this.journal.write(context, 'guard global');
    return true;
  }
}

@Injectable()
class MethodGuard implements CanActivate {
  constructor(private readonly journal: Journal) {}
  canActivate(context: ExecutionContext) {
    this.journal.write(context, 'guard method');
    return true;
  }
}

/** Records the handler's duration, as a timing interceptor does. */
@Injectable()
class Timing implements NestInterceptor {
  constructor(private readonly journal: Journal) {}
  intercept(context: ExecutionContext, next: CallHandler) {
    const started = performance.now();
    this.journal.write(context, 'before timing');
    return next.handle().pipe(
      tap(() => {
        const ms = performance.now() - started;
        this.journal.write(
          context,
          `after timing ${ms >= 40 ? '>=40ms' : `${ms}ms`}`,
        );
      }),
    );
  }
}

@Injectable()
class Upper implements PipeTransform {
  transform(value: unknown, { type }: ArgumentMetadata) {
    if (type !== 'body') return value;
    return { word: String((value as { word: string }).word).toUpperCase() };
  }
}

@Controller()
class ParityController {
  readonly heardWords: string[] = [];

  @UseGuards(MethodGuard)
  @UseInterceptors(Timing)
  @UsePipes(Upper)
  @OnRequest('/shout')
  async shout(@Body() body: { word: string }) {
    await new Promise(resolve => setTimeout(resolve, 50));
    return body;
  }

  @UseGuards(MethodGuard)
  @UseInterceptors(Timing)
  @UsePipes(Upper)
  @OnEvent('shout')
  async heard(body: { word: string }) {
    await new Promise(resolve => setTimeout(resolve, 50));
    this.heardWords.push(body.word);
  }
}

describe('the same pipeline on every transport', () => {
  it('runs the same enhancers in the same order over SyftBox, memory RPC and @OnEvent', async () => {
    Logger.overrideLogger(false);
    const transports = await bothTransports();
    @Module({
      imports: transports.imports,
      controllers: [ParityController],
      providers: [Journal],
    })
    class ParityModule {}
    const app: MventApplication = await MventFactory.create(ParityModule);
    app.useGlobalGuards(GlobalGuard);
    await app.listen();
    try {
      const syft = await app
        .get(SyftRpcClient)
        .send('syft://alice@example.com/app_data/parity/rpc/shout', {
          method: 'POST',
          body: { word: 'hello' },
        });
      const memory = await app
        .get(MemoryRpcClient)
        .send('/shout', { method: 'POST', body: { word: 'hello' } });
      app.get(MemoryEventBus).emit('shout', { word: 'hello' });
      const controller = app.get(ParityController);
      await waitFor(() => controller.heardWords.length === 1);
      await waitFor(() => app.get(Journal).entries.get('event')?.length === 4);

      expect(syft.json()).toEqual({ word: 'HELLO' });
      expect(memory.body).toEqual({ word: 'HELLO' });
      expect(controller.heardWords).toEqual(['HELLO']);
      const expected = [
        'guard global',
        'guard method',
        'before timing',
        'after timing >=40ms',
      ];
      for (const transport of ['syft', 'memory', 'event']) {
        expect([transport, app.get(Journal).entries.get(transport)]).toEqual([
          transport,
          expected,
        ]);
      }
    } finally {
      await app.close();
      await transports.remove();
    }
  }, 30_000);
});
