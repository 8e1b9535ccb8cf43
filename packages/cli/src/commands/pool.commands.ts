import { rm } from 'node:fs/promises';
import { join } from 'node:path';
import type { Command } from 'commander';
import { CliError } from '../cli-error';
import { bytes, print, table } from '../output';
import {
  openPool,
  otherProcesses,
  poolNames,
  poolsDirectory,
  summarize,
  withPool,
} from '../pools';

/** `mvent pools` and `mvent pool stats|keys|get|verify|rm|gc`. */
export function registerPoolCommands(program: Command): void {
  const dir = () => poolsDirectory(program.opts<{ dir?: string }>().dir);

  program
    .command('pools')
    .description(
      'list the pools: size, entries, attached processes, last event',
    )
    .action(async () => {
      const names = await poolNames(dir());
      if (names.length === 0) return print(`no pools in ${dir()}`);
      const rows: (string | number)[][] = [
        ['NAME', 'SIZE', 'ENTRIES', 'PROCESSES', 'LAST EVENT'],
      ];
      for (const name of names) {
        const s = await summarize(dir(), name);
        rows.push([
          name,
          bytes(s.bytes),
          s.entries,
          s.processes.length,
          s.lastEvent?.toISOString() ?? '-',
        ]);
      }
      print(...table(rows));
    });

  const pool = program
    .command('pool')
    .description('inspect or remove one pool');
  pool
    .command('stats <name>')
    .description("the pool's statistics, as JSON")
    .action(async (name: string) => {
      const summary = await summarize(dir(), name);
      print(JSON.stringify(summary, null, 2));
    });
  pool
    .command('keys <name> [pattern]')
    .description('the keys of live entries (a glob such as user.*)')
    .action((name: string, pattern?: string) =>
      withPool(dir(), name, p => print(...p.keys(pattern))),
    );
  pool
    .command('get <name> <key>')
    .description("an entry's value and metadata, as JSON")
    .action((name: string, key: string) =>
      withPool(dir(), name, p => {
        const entry = p.get(key, { withMetadata: true });
        if (!entry)
          throw new CliError(`no key ${JSON.stringify(key)} in pool ${name}`);
        print(JSON.stringify(entry, null, 2));
      }),
    );
  pool
    .command('verify <name>')
    .description("checks the pool's integrity; exit 1 if it is damaged")
    .action((name: string) =>
      withPool(dir(), name, p => {
        const report = p.verify();
        print(JSON.stringify(report, null, 2));
        if (!report.ok) throw new CliError(`pool ${name} is damaged`);
      }),
    );
  pool
    .command('rm <name>')
    .description('removes the pool (refused while processes are attached)')
    .option('--force', 'remove it even while processes are attached')
    .action(async (name: string, options: { force?: boolean }) => {
      const attached = await withPool(dir(), name, otherProcesses);
      if (attached.length > 0 && !options.force) {
        throw new CliError(
          `pool ${name} is in use by ${attached.length} process(es) (${attached.join(', ')}); stop them or pass --force`,
        );
      }
      await rm(join(dir(), name), { recursive: true, force: true });
      print(`removed ${name}`);
    });
  pool
    .command('gc')
    .description('removes every pool no live process uses')
    .action(async () => {
      let removed = 0;
      for (const name of await poolNames(dir())) {
        const p = openPool(dir(), name);
        const inUse = otherProcesses(p).length > 0;
        await p.close();
        if (inUse) continue;
        await rm(join(dir(), name), { recursive: true, force: true });
        print(`removed ${name}`);
        removed++;
      }
      print(`${removed} pool(s) removed`);
    });
}
