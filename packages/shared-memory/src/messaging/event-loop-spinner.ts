import { performance } from 'node:perf_hooks';

/**
 * Keeps the event loop turning for a short window after activity, but only while activity
 * comes in quick succession (a caller's next request, a server's next answer). A process
 * asleep in epoll takes tens of microseconds to be woken by the kernel; one whose loop keeps
 * turning (`setImmediate`, so timers and I/O still run) reads a socket on its next turn.
 * Activity spaced further apart than the window (1k/s, idle) never spins, so it costs
 * nothing there. This is the spin-then-park idle strategy of Aeron and Go's runtime.
 */
export class EventLoopSpinner {
  private lastActivity = Number.NEGATIVE_INFINITY;
  private until = 0;
  private spinning = false;

  /** @param windowMs how long to keep turning after the last activity; `0` never spins */
  constructor(private readonly windowMs: number) {}

  /** Whether the loop is being kept turning now. */
  get active(): boolean {
    return this.spinning;
  }

  /** Notes activity: spins for one window if the previous activity was less than a window ago. */
  activity(): void {
    const now = performance.now();
    const gap = now - this.lastActivity;
    this.lastActivity = now;
    if (gap > this.windowMs) {
      return;
    }
    this.until = now + this.windowMs;
    if (!this.spinning) {
      this.spinning = true;
      setImmediate(this.turn);
    }
  }

  /** Stops spinning at once. */
  stop(): void {
    this.spinning = false;
  }

  private readonly turn = (): void => {
    if (this.spinning && performance.now() < this.until) {
      setImmediate(this.turn);
    } else {
      this.spinning = false;
    }
  };
}
