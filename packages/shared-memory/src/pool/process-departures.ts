import { basename, extname } from 'node:path';
import type { DepartedProcess } from '../monitoring/stats.interface';
import { DEPARTURES_KEPT } from '../monitoring/stats.interface';
import type { ProcessRecord } from './process-record';

/** `departures` with `record`'s departure first, the oldest beyond the bound dropped. */
export function withDeparture(
  departures: DepartedProcess[] | undefined,
  record: ProcessRecord,
  how: DepartedProcess['how'],
): DepartedProcess[] {
  const departure: DepartedProcess = {
    pid: record.pid,
    role: record.role ?? 'node',
    attachedAt: record.attachedAt,
    leftAt: Date.now(),
    how,
  };
  return [departure, ...(departures ?? [])].slice(0, DEPARTURES_KEPT);
}

/** The role of a process that names none: its main script's name, else `'node'`. */
export function defaultRole(): string {
  const script = process.argv[1];
  return script ? basename(script, extname(script)) : 'node';
}
