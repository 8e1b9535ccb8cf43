const UNIT_MS: Record<string, number> = {
  d: 86_400_000,
  h: 3_600_000,
  m: 60_000,
  s: 1000,
  ms: 1,
};
/** One or more `<number><unit>` parts, spaces allowed between them. */
const DURATION_TEXT = /^(?:\s*\d+(?:\.\d+)?(?:ms|d|h|m|s))+\s*$/;
const PART = /(\d+(?:\.\d+)?)(ms|d|h|m|s)/g;

/**
 * The milliseconds of a duration written as text, the one grammar of every mvent option and
 * CLI flag: syft-event's `"1d2h30m"` and `"45s"`, plus `"1500ms"` and decimals (`"1.5s"`);
 * units d, h, m, s and ms, in any case, spaces allowed between parts. `undefined` when the
 * text is not a duration; each caller says so with its own error (Python's texts for the
 * SyftBox options).
 *
 * @publicApi
 */
export function durationTextToMs(text: string): number | undefined {
  const lower = text.toLowerCase();
  if (!DURATION_TEXT.test(lower)) return undefined;
  let total = 0;
  for (const [, amount, unit] of lower.matchAll(PART)) {
    total += Number(amount) * UNIT_MS[unit];
  }
  return total;
}
