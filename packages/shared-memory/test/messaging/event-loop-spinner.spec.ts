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
    const spinner = new EventLoopSpinner(20);
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
    // The loop kept turning: many turns passed during the 20 ms window.
    expect(turns).toBeGreaterThan(10);
  });

  it('stops at once on stop()', () => {
    const spinner = new EventLoopSpinner(10_000);
    spinner.activity();
    spinner.activity();
    spinner.stop();
    expect(spinner.active).toBe(false);
  });
});
