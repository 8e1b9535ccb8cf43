import { performance } from 'node:perf_hooks';
import { SpinGovernor } from './spin-governor';

/**
 * Keeps the event loop turning for a short window after activity, but only while activity
 * comes in quick succession (a caller's next request, a server's next answer). A process
 * asleep in epoll takes tens of microseconds to be woken by the kernel; one whose loop keeps
 * turning (`setImmediate`, so timers and I/O still run) reads a socket on its next turn.
 * Activity spaced further apart than the window (1k/s, idle) never spins, so it costs
 * nothing there. This is the spin-then-park idle strategy of Aeron and Go's runtime. While
 * the cores are busy with other processes, the {@link SpinGovernor} stops the spinning.
 */
export class EventLoopSpinner {
  private lastActivity = Number.NEGATIVE_INFINITY;
  private until = 0;
  private spinning = false;

  /**
   * @param windowMs how long to keep turning after the last activity; `0` never spins
   * @param governor says when spinning does not pay
   */
  constructor(
    private readonly windowMs: number,
    private readonly governor = SpinGovernor.shared,
  ) {}

  /** Whether the loop is being kept turning now. */
  get active(): boolean {
    return this.spinning;
  }

  /** Notes activity: spins for one window if the previous activity was less than a window ago. */
  activity(): void {
    const now = performance.now();
    const gap = now - this.lastActivity;
    this.lastActivity = now;
    if (gap > this.windowMs || this.governor.paused) {
      return;
    }
    this.until = now + this.windowMs;
    if (!this.spinning) {
      this.spinning = true;
      this.governor.started();
      setImmediate(this.turn);
    }
  }

  /** Stops spinning at once. */
  stop(): void {
    if (this.spinning) {
      this.spinning = false;
      this.governor.stopped();
    }
  }

  private readonly turn = (): void => {
    if (!this.spinning) {
      return;
    }
    if (performance.now() < this.until && this.governor.turned()) {
      setImmediate(this.turn);
    } else {
      this.stop();
    }
  };
}
