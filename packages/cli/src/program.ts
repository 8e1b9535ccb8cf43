import { Command } from 'commander';
import { registerDashboardCommand } from './commands/dashboard.command';
import { registerEventCommands } from './commands/events.commands';
import { registerMetricsCommand } from './commands/metrics.commands';
import { registerPoolCommands } from './commands/pool.commands';
import { registerRpcCommands } from './commands/rpc.commands';
import { registerSyftCommands } from './commands/syft.commands';

/**
 * The `mvent` command and its subcommands, on commander.
 *
 * @publicApi
 */
export function createProgram(): Command {
  const program = new Command('mvent')
    .description(
      'operate mvent: pools, events, memory RPC, SyftBox requests, metrics and a dashboard',
    )
    .version('0.1.0')
    .option(
      '--dir <path>',
      'the pools folder (default: MVENT_POOL_DIR, else /dev/shm/mvent-<uid>)',
    )
    .option(
      '--config <path>',
      'the SyftBox config file (default: found as syft-core finds it)',
    )
    .showHelpAfterError('(mvent --help lists the commands)')
    // Before the subcommands, which inherit it: main() sets the exit code.
    .exitOverride();
  registerPoolCommands(program);
  registerEventCommands(program);
  registerRpcCommands(program);
  registerSyftCommands(program);
  registerMetricsCommand(program);
  registerDashboardCommand(program);
  return program;
}
