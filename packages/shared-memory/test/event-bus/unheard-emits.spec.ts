import {
  UnheardEmits,
  UNHEARD_AFTER_MS,
} from '../../src/event-bus/unheard-emits';
import type { ProcessRecord } from '../../src/pool/process-record';

const pool = { name: 'shop', path: '/dev/shm/mvent-0/shop' };
const peer = (subscriptions: number | undefined): ProcessRecord => ({
  pid: 2,
  attachedAt: 0,
  heartbeatAt: 0,
  stats:
    subscriptions === undefined
      ? undefined
      : ({ memory: { subscriptions } } as ProcessRecord['stats']),
});

describe('UnheardEmits: emits into a pool where nothing subscribes', () => {
  it('says so once, after 10 s of emits that nobody subscribes to, with the pool it went to', () => {
    const watch = new UnheardEmits();
    watch.emitted = 3;
    expect(watch.check(pool, 0, [peer(0)], 1000)).toBeUndefined();
    watch.emitted = 50;
    expect(watch.check(pool, 0, [peer(0)], 1000 + UNHEARD_AFTER_MS)).toBe(
      'Pool "shop" (/dev/shm/mvent-0/shop): this process emitted 47 events in the last 10 s, and no process of this pool subscribes to anything, so no handler receives them (their values are still there for get()). If a consumer should, check that it opens the same pool name and dir.',
    );
    watch.emitted = 90;
    expect(watch.check(pool, 0, [], 100_000)).toBeUndefined();
  });

  it('stays quiet while anyone subscribes, a peer has not published its counts yet, or nothing is emitted', () => {
    const watch = new UnheardEmits();
    watch.emitted = 1;
    for (const [local, peers] of [
      [1, []],
      [0, [peer(0), peer(2)]],
      [0, [peer(undefined)]],
    ] as [number, ProcessRecord[]][]) {
      expect(watch.check(pool, local, peers, 0)).toBeUndefined();
      watch.emitted += 10;
      expect(
        watch.check(pool, local, peers, UNHEARD_AFTER_MS * 2),
      ).toBeUndefined();
    }
    const idle = new UnheardEmits();
    expect(idle.check(pool, 0, [], 0)).toBeUndefined();
    expect(idle.check(pool, 0, [], UNHEARD_AFTER_MS * 2)).toBeUndefined();
  });

  it('starts counting again when a subscriber comes and goes', () => {
    const watch = new UnheardEmits();
    watch.emitted = 5;
    watch.check(pool, 0, [], 0);
    watch.check(pool, 1, [], 5000);
    watch.emitted = 10;
    expect(watch.check(pool, 0, [], 9000)).toBeUndefined();
    expect(watch.check(pool, 0, [], 9000 + UNHEARD_AFTER_MS)).toBeUndefined();
    watch.emitted = 11;
    expect(watch.check(pool, 0, [], 9000 + UNHEARD_AFTER_MS)).toMatch(
      /emitted 1 events in the last 10 s/,
    );
  });
});
