/** Prints the comparison: each figure of each contender beside mvent's, with the ratio. */

/** One measured figure. */
export interface Figure {
  group: string;
  measure: string;
  contender: string;
  value: number;
  unit: string;
  lowerIsBetter: boolean;
}

const format = (figure: Figure) =>
  figure.unit === 'ms'
    ? `${figure.value.toFixed(3)} ms`
    : `${Math.round(figure.value).toLocaleString()} ${figure.unit}`;

/** How mvent's figure compares: "2.1× faster", "1.3× slower", or the difference in lost events. */
function ratio(ours: Figure, theirs: Figure): string {
  if (ours.unit === 'events') {
    return ours.value === theirs.value
      ? 'same'
      : ours.value < theirs.value
        ? 'fewer lost'
        : 'MORE LOST';
  }
  const better = ours.lowerIsBetter
    ? ours.value < theirs.value
    : ours.value > theirs.value;
  const factor = ours.lowerIsBetter
    ? theirs.value / ours.value
    : ours.value / theirs.value;
  return better
    ? `mvent ${factor.toFixed(2)}× better`
    : `mvent ${(1 / factor).toFixed(2)}× WORSE`;
}

/** One row per measure and contender: the contender's figure, mvent's, and the ratio. */
export function printTable(
  figures: readonly Figure[],
  ourNames: readonly string[],
): void {
  const rows: string[][] = [];
  for (const theirs of figures.filter(
    figure => !ourNames.includes(figure.contender),
  )) {
    // Where two of mvent's took the same measure (cold `emit` and `publish`), a row each.
    const ours = figures.filter(
      figure =>
        figure.group === theirs.group &&
        figure.measure === theirs.measure &&
        ourNames.includes(figure.contender),
    );
    for (const mine of ours) {
      const label = ours.length > 1 ? ` (${mine.contender})` : '';
      rows.push([
        `${theirs.group}: ${theirs.measure}`,
        theirs.contender,
        format(theirs),
        `${format(mine)}${label}`,
        ratio(mine, theirs),
      ]);
    }
  }
  const header = [
    'measure',
    'contender',
    'contender (this run)',
    'mvent (this run)',
    'mvent vs contender',
  ];
  const widths = header.map((h, i) =>
    Math.max(h.length, ...rows.map(row => row[i].length)),
  );
  const line = (cells: string[]) =>
    `| ${cells.map((cell, i) => cell.padEnd(widths[i])).join(' | ')} |`;
  console.log(line(header));
  console.log(`|${widths.map(width => '-'.repeat(width + 2)).join('|')}|`);
  for (const row of rows) console.log(line(row));
}
