import { closeSync, openSync, readSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { performance } from 'node:perf_hooks';

/** What the governor observes: the time, and how many threads want a core right now. */
export interface SpinProbe {
  /** Monotonic time in ms. */
  now(): number;
  /** Threads running or waiting for a core on the whole machine; `undefined` if unknown. */
  runnable(): number | undefined;
  /** The cores this process may use. */
  readonly cores: number;
}

/** Spinning time between two looks at the machine, in ms. */
const SAMPLE_MS = 5;
/** How many looks the governor remembers. */
const HISTORY = 16;
/** Spinning pauses when at least this many of the remembered looks found the cores crowded. */
const CROWDED_LOOKS = 14;
/** The first pause, in ms; each pause that follows another at once doubles it. */
const MIN_PAUSE_MS = 50;
/** The longest pause, in ms. */
const MAX_PAUSE_MS = 2000;

/**
 * Reads the fourth field of `/proc/loadavg` ("running/total"): the threads running or
 * waiting for a core at this instant. The file stays open, so a look costs one `pread`
 * (about 3 µs, against 18 µs to open it each time).
 */
class LinuxRunQueue {
  /** Opened on the first look: a process that never spins never opens it. */
  private fd: number | undefined | null = null;
  private readonly buffer = Buffer.alloc(128);

  runnable(): number | undefined {
    this.fd ??= openOrUndefined('/proc/loadavg'); // undefined: not Linux, spinners spin
    if (this.fd === undefined) return undefined;
    try {
      const length = readSync(this.fd, this.buffer, 0, this.buffer.length, 0);
      const fields = this.buffer.toString('latin1', 0, length).split(' ');
      const running = Number.parseInt(fields[3] ?? '', 10);
      return Number.isNaN(running) ? undefined : running;
    } catch {
      closeSync(this.fd);
      this.fd = undefined;
      return undefined;
    }
  }
}

function openOrUndefined(path: string): number | undefined {
  try {
    return openSync(path, 'r');
  } catch {
    return undefined;
  }
}

function processProbe(): SpinProbe {
  const queue = new LinuxRunQueue();
  return {
    now: () => performance.now(),
    runnable: () => queue.runnable(),
    cores: availableParallelism(),
  };
}

/**
 * Decides whether spinning pays. A spinning process keeps a core busy, which is cheap only
 * while a core is free for it. When more threads want to run than there are cores, a spinner
 * and its peer take turns on the same cores and every answer waits for a time slice: memory
 * RPC beside one busy process on 2 cores went from a 13 µs to a 465 µs round trip, while
 * sockets, whose ends sleep in the kernel and are woken at once, stayed at 40–100 µs.
 *
 * So every 5 ms of spinning the governor looks at how many threads want a core. When
 * nearly all recent looks found more than there are cores, spinning pauses: spinners park at
 * once and are woken by the kernel, as with plain sockets. A pause that follows another at once
 * lasts twice as long, so a machine that stays busy pays one short probe every couple of
 * seconds. A lone look is not trusted: without a busy neighbour, about a third of the looks
 * on a 2-core machine still see a third thread (GC helpers, kernel workers) for an instant.
 *
 * Where the run queue cannot be read (not Linux), spinners always spin. One governor serves
 * the whole process ({@link SpinGovernor.shared}): its spinners share one event loop.
 */
export class SpinGovernor {
  /** The governor of this process's spinners. */
  static readonly shared = new SpinGovernor();

  private spinners = 0;
  private episodeStart = 0;
  private spunMs = 0;
  private readonly looks: boolean[] = [];
  private crowded = 0;
  private pausedUntil = Number.NEGATIVE_INFINITY;
  private pauseMs = MIN_PAUSE_MS;

  constructor(private readonly probe: SpinProbe = processProbe()) {}

  /** Whether spinning is paused now because the cores were found crowded. */
  get paused(): boolean {
    return this.probe.now() < this.pausedUntil;
  }

  /** A spinner starts keeping the event loop turning. */
  started(): void {
    if (this.spinners++ === 0) {
      this.episodeStart = this.probe.now();
    }
  }

  /** A spinner turned the loop once more; `false` when it should park now. */
  turned(): boolean {
    const now = this.probe.now();
    if (this.spunMs + now - this.episodeStart >= SAMPLE_MS) {
      this.spunMs = 0;
      this.episodeStart = now;
      this.look(now);
    }
    return now >= this.pausedUntil;
  }

  /** A spinner parked. */
  stopped(): void {
    if (this.spinners > 0 && --this.spinners === 0) {
      this.spunMs += this.probe.now() - this.episodeStart;
    }
  }

  private look(now: number): void {
    const runnable = this.probe.runnable();
    if (runnable === undefined) return;
    const crowded = runnable > this.probe.cores;
    this.looks.push(crowded);
    this.crowded += crowded ? 1 : 0;
    if (this.looks.length > HISTORY) {
      this.crowded -= this.looks.shift() ? 1 : 0;
    }
    if (this.crowded < CROWDED_LOOKS) {
      this.pauseMs = MIN_PAUSE_MS;
      return;
    }
    // The looks are kept, so a crowded look after a pause pauses again at once; a free one
    // never pauses, and three in a row bring the count under the threshold.
    if (!crowded) return;
    this.pausedUntil = now + this.pauseMs;
    this.pauseMs = Math.min(this.pauseMs * 2, MAX_PAUSE_MS);
  }
}
