import type { Command } from 'commander';
import { MventMetrics } from '@mvent/metrics';
import { print } from '../output';
import { poolsDirectory, withBus } from '../pools';

/** `mvent metrics <pool>`: the Prometheus text a MetricsModule would serve. */
export function registerMetricsCommand(program: Command): void {
  program
    .command('metrics <pool>')
    .description(
      "prints the pool's Prometheus metrics, summed over its processes",
    )
    .action((pool: string) =>
      withBus(
        poolsDirectory(program.opts<{ dir?: string }>().dir),
        pool,
        async bus => {
          print((await new MventMetrics(bus).metrics()).trimEnd());
        },
      ),
    );
}
