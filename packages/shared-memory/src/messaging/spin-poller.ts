import { performance } from 'node:perf_hooks';

/**
 * Keeps the event loop checking the log for a short window after activity, but only while
 * activity comes in quick succession (request and response, bursts). A process asleep in
 * epoll takes tens of microseconds to be woken by the kernel; one that polls on every turn
 * of its event loop (`setImmediate`, so timers and I/O still run) sees a commit on its next
 * turn. Activity spaced further apart than the window (1k/s, idle) never starts polling, so
 * it costs nothing there. This is the spin-then-park idle strategy of Aeron and Go's runtime.
 */
export class SpinPoller {
  private lastActivity = Number.NEGATIVE_INFINITY;
  private until = 0;
  private spinning = false;

  constructor(
    /** How long to keep polling after the last activity, in ms; `0` turns polling off. */
    private readonly windowMs: number,
    /** Runs on every turn while polling; I/O is polled by the event loop itself. */
    private readonly poll: () => void = () => undefined,
  ) {}

  /** Notes activity: polls for one window if the previous activity was less than a window ago. */
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
      setImmediate(this.tick);
    }
  }

  /** Stops polling at once. */
  stop(): void {
    this.spinning = false;
    this.until = 0;
  }

  private readonly tick = (): void => {
    if (!this.spinning) {
      return;
    }
    this.poll();
    if (this.spinning && performance.now() < this.until) {
      setImmediate(this.tick);
    } else {
      this.spinning = false;
    }
  };
}
