/** The measurement code every contender shares: pacing, timing and summaries. */
import { monotonicMs, percentile } from '@mvent/testing';

/** Milliseconds with sub-microsecond resolution, comparable across this machine's processes. */
export const now = monotonicMs;

/** What every contender sends: the send time, a counter and an 80-byte body. */
export interface Sample {
  t: number;
  i: number;
  body: string;
  /** The writer, when several send (`bench:publishers`): its `i`s must arrive in order. */
  w?: number;
}

export const BODY = 'x'.repeat(80);

/** Sends `count` samples at `rate` per second, sleeping 1 ms between bursts as an app would. */
export async function sendPaced(
  send: (sample: Sample) => void,
  count: number,
  rate: number,
): Promise<void> {
  const start = now();
  for (let i = 0; i < count;) {
    const due = Math.min(
      count,
      Math.floor(((now() - start) / 1000) * rate) + 1,
    );
    for (; i < due; i++) send({ t: now(), i, body: BODY });
    await new Promise(resolve => setTimeout(resolve, 1));
  }
}

/** Sends `count` samples as fast as `send` takes them, yielding to the event loop every 500. */
export async function sendFlatOut(
  send: (sample: Sample) => void,
  count: number,
): Promise<void> {
  for (let i = 0; i < count; i++) {
    send({ t: now(), i, body: BODY });
    if (i % 500 === 499) await new Promise(resolve => setImmediate(resolve));
  }
}

/** p50 and p99 of `values`, in ms. */
export function latencySummary(values: readonly number[]): {
  p50: number;
  p99: number;
} {
  return { p50: percentile(values, 50), p99: percentile(values, 99) };
}

export const sleep = (ms: number) =>
  new Promise(resolve => setTimeout(resolve, ms));
