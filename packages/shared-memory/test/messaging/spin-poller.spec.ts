import { waitFor } from '@mvent/testing';
import { SpinPoller } from '../../src/messaging/spin-poller';

describe('SpinPoller', () => {
  it('does not poll after activity that is spaced further apart than the window', async () => {
    let polls = 0;
    const poller = new SpinPoller(1, () => polls++);
    poller.activity();
    await new Promise(resolve => setTimeout(resolve, 5));
    poller.activity();
    await new Promise(resolve => setImmediate(resolve));
    expect(polls).toBe(0);
  });

  it('polls on every turn of the event loop after quick activity, then stops', async () => {
    let polls = 0;
    const poller = new SpinPoller(20, () => polls++);
    poller.activity();
    poller.activity();
    await waitFor(() => polls >= 3);
    const started = performance.now();
    await waitFor(() => {
      const before = polls;
      return new Promise<boolean>(resolve =>
        setTimeout(() => resolve(polls === before), 30),
      );
    });
    expect(performance.now() - started).toBeLessThan(1000);
    poller.stop();
  });

  it('stops at once on stop()', async () => {
    let polls = 0;
    const poller = new SpinPoller(10_000, () => polls++);
    poller.activity();
    poller.activity();
    await waitFor(() => polls > 0);
    poller.stop();
    const stoppedAt = polls;
    await new Promise(resolve => setTimeout(resolve, 20));
    expect(polls).toBeLessThanOrEqual(stoppedAt + 1);
  });
});
