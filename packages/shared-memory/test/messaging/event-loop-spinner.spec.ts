import { waitFor } from '@mvent/testing';
import { EventLoopSpinner } from '../../src/messaging/event-loop-spinner';

describe('EventLoopSpinner', () => {
  it('does not spin after activity spaced further apart than the window', async () => {
    const spinner = new EventLoopSpinner(1);
    spinner.activity();
    await new Promise(resolve => setTimeout(resolve, 5));
    spinner.activity();
    expect(spinner.active).toBe(false);
  });

  it('spins after quick activity, then stops by itself once the window has passed', async () => {
    // 200 ms, so that a loaded machine pausing this process for a while still sees turns.
    const spinner = new EventLoopSpinner(200);
    spinner.activity();
    spinner.activity();
    expect(spinner.active).toBe(true);
    let turns = 0;
    const count = () => {
      turns++;
      if (spinner.active) setImmediate(count);
    };
    setImmediate(count);
    await waitFor(() => !spinner.active);
    // The loop kept turning while it was active: more than the one turn it started with.
    expect(turns).toBeGreaterThan(2);
  });

  it('stops at once on stop()', () => {
    const spinner = new EventLoopSpinner(10_000);
    spinner.activity();
    spinner.activity();
    spinner.stop();
    expect(spinner.active).toBe(false);
  });
});
