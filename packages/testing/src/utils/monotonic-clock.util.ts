/**
 * Milliseconds on the machine's monotonic clock, comparable between processes of one machine:
 * for latencies measured from a send time stamped in one process to an arrival in another.
 *
 * `performance.timeOrigin + performance.now()` is not: each process takes its time origin
 * from the wall clock at start, a few microseconds to half a millisecond apart (measured), so
 * one-way latencies between two processes came out shifted by as much, or negative.
 *
 * @publicApi
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}
