import { readFileSync } from 'node:fs';
import { isAlive } from '../messaging/channel-name.util';

/**
 * When process `pid` started, in clock ticks since boot (field 22 of `/proc/<pid>/stat`), or
 * `undefined` where `/proc` cannot tell (not Linux, or the process is gone). With its pid, it
 * names one process for good: a pid reused by a new process comes with another start time.
 */
export function processStartTicks(pid: number): number | undefined {
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, 'latin1');
    // The command name, in parentheses, may hold spaces and parentheses: count after the last one.
    const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
    const ticks = Number(fields[19]);
    return Number.isSafeInteger(ticks) ? ticks : undefined;
  } catch {
    return undefined;
  }
}

/**
 * Whether the process that attached as `pid` at `startTicks` still runs: its pid exists and
 * was not reused since. A live process is alive however long its event loop is blocked or
 * it is stopped. `undefined` when the start time is unknown (see {@link processStartTicks}).
 */
export function isSameProcessAlive(
  pid: number,
  startTicks: number | undefined,
): boolean | undefined {
  if (!isAlive(pid)) return false;
  if (startTicks === undefined) return undefined;
  // Unreadable now (it just exited), or another start time (a new process with its pid).
  return processStartTicks(pid) === startTicks;
}

/** This process's start time as the event log keeps it: the low 32 bits. */
export const OWN_START_TICKS32 = (processStartTicks(process.pid) ?? 0) >>> 0;

/**
 * Like {@link isSameProcessAlive}, for the start time the event log keeps (its low 32 bits):
 * `true` when the pid runs and its start time matches, or cannot be read.
 */
export function isLogProcessAlive(pid: number, startTicks32: number): boolean {
  if (!isAlive(pid)) return false;
  const ticks = processStartTicks(pid);
  return ticks === undefined || ticks >>> 0 === startTicks32 >>> 0;
}
