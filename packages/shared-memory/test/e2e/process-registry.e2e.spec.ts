import { Logger } from '@mvent/core';
import type { TempDir } from '@mvent/testing';
import { createTempDir, waitFor } from '@mvent/testing';
import { SharedMemoryPool } from '../../src';
import { startWorker } from './worker.util';

describe("the pool's process registry, as operators' tools read it", () => {
  let dir: TempDir;
  let pool: SharedMemoryPool;

  beforeAll(async () => {
    Logger.overrideLogger(false);
    dir = await createTempDir('mvent-registry-');
    pool = new SharedMemoryPool({
      name: 'registry',
      dir: dir.path,
      role: 'observer',
    });
  });
  afterAll(async () => {
    await pool.close();
    await dir.remove();
  });

  it('names each process by role, and remembers who closed the pool and who died', async () => {
    const [closing, killed] = await Promise.all([
      startWorker('registry', dir.path),
      startWorker('registry', dir.path),
    ]);
    const roles = () =>
      Object.fromEntries(pool.attachedProcesses().map(p => [p.pid, p.role]));
    expect(roles()).toEqual({
      [process.pid]: 'observer',
      [closing.pid]: 'pool-worker', // its main script's name
      [killed.pid]: 'pool-worker',
    });

    await closing.request('close');
    await killed.kill('SIGKILL');
    // A peer's heartbeat finds the killed process dead within about a second.
    await waitFor(
      () => pool.departedProcesses().some(gone => gone.pid === killed.pid),
      { timeout: 10_000, description: 'the killed worker found dead' },
    );
    const departures = pool.departedProcesses();
    expect(departures.find(gone => gone.pid === closing.pid)).toMatchObject({
      role: 'pool-worker',
      how: 'closed',
    });
    expect(departures.find(gone => gone.pid === killed.pid)).toMatchObject({
      role: 'pool-worker',
      how: 'died',
    });
    expect(pool.attachedProcesses().map(p => p.pid)).toEqual([process.pid]);
    await closing.kill();
  }, 30_000);
});
