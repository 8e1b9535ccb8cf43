import type { Command } from 'commander';
import { parseJson } from '../cli-error';
import type { EventEnvelope } from '@mvent/shared-memory';
import { readEventLog } from '@mvent/shared-memory';
import { print } from '../output';
import { poolsDirectory, withBus } from '../pools';

/** `mvent events tail|emit`. */
export function registerEventCommands(program: Command): void {
  const dir = () => poolsDirectory(program.opts<{ dir?: string }>().dir);
  const events = program
    .command('events')
    .description("follow or emit a pool's events");

  events
    .command('tail <pool> [pattern]')
    .description(
      'prints events as they are emitted, live, until Ctrl-C (pattern: a glob, default **)',
    )
    .option(
      '--from <seq>',
      'start at this sequence number (what the log still keeps)',
      Number,
    )
    .option('--last <n>', 'start with the last n events', Number)
    .option('--count <n>', 'exit after n events', Number)
    .option('--json', 'one JSON object per line: seq, event, value, ts, origin')
    .action(
      (
        pool: string,
        pattern: string | undefined,
        options: {
          from?: number;
          last?: number;
          count?: number;
          json?: boolean;
        },
      ) =>
        withBus(dir(), pool, bus => {
          let seen = 0;
          const enough = () =>
            options.count !== undefined && seen >= options.count;
          const show = ({ seq, event, value, ts, origin }: EventEnvelope) => {
            print(
              options.json
                ? JSON.stringify({ seq, event, value, ts, origin })
                : `${seq} ${event} ${JSON.stringify(value)}`,
            );
            seen++;
          };
          // History first, read lazily: --count stops the read, whatever the log holds.
          let liveFrom: number | undefined;
          if (options.from !== undefined || options.last !== undefined) {
            // Every event so far lies before the log's end; the live part starts there.
            const end = bus.pool.getStats().lastSeq;
            for (const envelope of readEventLog(bus.pool, pattern ?? '**', {
              from: options.from,
              last: options.last,
              upTo: end - 1,
            })) {
              show(envelope);
              if (enough()) return;
            }
            liveFrom = end;
          }
          return new Promise<void>(resolve => {
            const stop = () => resolve();
            process.once('SIGINT', stop);
            process.once('SIGTERM', stop);
            bus.on(
              pattern ?? '**',
              (_value: unknown, envelope) => {
                // --count: a batch may hold more events than are left to print
                if (enough()) return;
                show(envelope);
                if (enough()) resolve();
              },
              { from: liveFrom, name: 'mvent events tail' },
            );
            if (!options.json)
              process.stderr.write(
                `following ${pattern ?? '**'} in ${pool} (Ctrl-C to stop)\n`,
              );
          }).finally(() => {
            process.removeAllListeners('SIGINT');
            process.removeAllListeners('SIGTERM');
          });
        }),
    );

  events
    .command('emit <pool> <event> <json>')
    .description(
      'emits one event with a JSON value to every subscriber of the pool',
    )
    .option('--ttl <duration>', "the value's time to live (250ms, 5s, 1h)")
    .action(
      (
        pool: string,
        event: string,
        json: string,
        options: { ttl?: string },
      ) => {
        const value = parseJson(json, 'the value');
        return withBus(dir(), pool, async bus => {
          await bus.ready;
          const seq = bus.emit(event, value, { ttl: options.ttl });
          print(`${seq}`);
        });
      },
    );
}
