import { SharedMemoryPool } from '@mvent/shared-memory';
import type { TempDir } from '@mvent/testing';
import { createTempDir } from '@mvent/testing';
import {
  keyRows,
  keyValueText,
  tailRows,
} from '../src/dashboard/dashboard-inspect';

describe("the dashboard's tail and keys, on a real pool", () => {
  let dir: TempDir;
  let pool: SharedMemoryPool;
  beforeEach(async () => {
    dir = await createTempDir('mvent-inspect-');
    pool = new SharedMemoryPool({ name: 'inspect', dir: dir.path });
  });
  afterEach(async () => {
    await pool.close();
    await dir.remove();
  });

  it('tails the matching events after a sequence, without their values', () => {
    const seqs = [0, 1, 2, 3, 4].map(i =>
      pool.appendEvent(i % 2 ? 'order.paid' : 'tick', { i }),
    );
    const orders = tailRows(pool, 'order.*', -1);
    expect(orders.map(r => [r.seq, r.event])).toEqual([
      [seqs[1], 'order.paid'],
      [seqs[3], 'order.paid'],
    ]);
    expect(Object.keys(orders[0]).sort()).toEqual([
      'event',
      'origin',
      'seq',
      'ts',
    ]);
    expect(tailRows(pool, '**', seqs[2]).map(r => r.seq)).toEqual([
      seqs[3],
      seqs[4],
    ]);
  });

  it('lists keys with their expiry, and shows a value as JSON only when asked', () => {
    pool.set(
      'config',
      new Map<string, unknown>([
        ['big', 2n ** 70n],
        ['tags', new Set(['a'])],
      ]),
      { ttl: '1h' },
    );
    pool.set('plain', 'x');
    const { rows, total } = keyRows(pool);
    expect(total).toBe(2);
    expect(rows.map(r => [r.key, r.version, r.expiresAt === null])).toEqual([
      ['config', 1, false],
      ['plain', 1, true],
    ]);
    expect(JSON.parse(keyValueText(pool, 'config')!)).toEqual({
      big: '1180591620717411303424',
      tags: ['a'],
    });
    expect(keyValueText(pool, 'missing')).toBeUndefined();
  });
});
