import { StatsRecorder } from '../../src/monitoring/stats-recorder';
import { RECENT_RPC_CALLS } from '../../src/monitoring/stats.interface';
import { retireSnapshot } from '../../src/monitoring/retired-stats';
import { withDeparture } from '../../src/pool/process-departures';
import { DEPARTURES_KEPT } from '../../src/monitoring/stats.interface';

const call = (n: number, sender = 'bob@example.com') => ({
  transport: 'syft',
  route: '/echo',
  sender,
  statusCode: n % 2 ? 200 : 500,
  durationMs: n,
});

describe('the statistics a process publishes for the dashboard', () => {
  it('keeps the last RPC calls with their senders, bounded in count and size', () => {
    const stats = new StatsRecorder();
    for (let n = 1; n <= 50; n++) stats.recordRpcCall(call(n));
    stats.recordRpcCall(call(51, 'x'.repeat(10_000)));
    const recent = stats.snapshot(0, 0).recentRpc!;
    expect(recent).toHaveLength(RECENT_RPC_CALLS);
    expect(recent.map(c => c.durationMs)).toEqual(
      Array.from(
        { length: RECENT_RPC_CALLS },
        (_, i) => 52 - RECENT_RPC_CALLS + i,
      ),
    );
    expect(recent[0]).toMatchObject({
      sender: 'bob@example.com',
      statusCode: 500, // call 32
    });
    expect(recent.at(-1)!.sender).toHaveLength(200);
    expect(stats.rpcStats()['syft /echo'].statuses).toEqual({
      200: 26,
      500: 25,
    });
  });

  it("keeps each handler's last error, cut at 300 characters, through a retirement", () => {
    const stats = new StatsRecorder();
    stats.recordCall('Orders.created', 1, undefined);
    stats.recordCall('Orders.created', 1, new Error('card declined'));
    stats.recordCall('Orders.created', 1, new Error('y'.repeat(1000)));
    stats.recordCall('Other.handler', 1, { code: 7 });
    stats.recordCall('Orders.created', 1, undefined);
    const handler = stats.handlerStats()['Orders.created'];
    expect(handler).toMatchObject({ calls: 4, errors: 2 });
    expect(handler.lastError!.message).toBe('y'.repeat(300));
    expect(handler.lastError!.at).toBeLessThanOrEqual(Date.now());
    expect(stats.handlerStats()['Other.handler'].lastError!.message).toBe(
      '{ code: 7 }',
    );
    const retired = retireSnapshot(undefined, stats.snapshot(0, 0));
    expect(retired.handlers['Orders.created'].lastError).toEqual(
      handler.lastError,
    );
  });

  it('remembers the last departures, newest first', () => {
    let departures = withDeparture(
      undefined,
      { pid: 1, role: 'api', attachedAt: 5, heartbeatAt: 6 },
      'closed',
    );
    for (let pid = 2; pid <= 30; pid++) {
      departures = withDeparture(
        departures,
        { pid, attachedAt: 5, heartbeatAt: 6 },
        'died',
      );
    }
    expect(departures).toHaveLength(DEPARTURES_KEPT);
    expect(departures[0]).toMatchObject({ pid: 30, role: 'node', how: 'died' });
    expect(departures.at(-1)!.pid).toBe(30 - DEPARTURES_KEPT + 1);
  });
});
