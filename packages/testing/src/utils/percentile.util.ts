/**
 * The `p`th percentile of `values` (nearest rank), or `NaN` for none; for benchmarks.
 *
 * @publicApi
 */
export function percentile(values: readonly number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted.length === 0
    ? NaN
    : sorted[
        Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))
      ];
}
