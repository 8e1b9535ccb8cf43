/**
 * Control characters a terminal would act on (escape sequences that write the clipboard,
 * clear the screen or retitle the window, carriage returns that overwrite a line), all but
 * newline and tab. Replies, event values and folder names come from others.
 */
// eslint-disable-next-line no-control-regex -- matching them is the point
const CONTROL = /[\u0000-\u0008\u000b-\u001f\u007f-\u009f]/g;

/** `text` with every terminal control character shown as `\xNN` instead of acted on. */
export function escapeControls(text: string): string {
  return text.replace(
    CONTROL,
    char => `\\x${char.charCodeAt(0).toString(16).padStart(2, '0')}`,
  );
}

/** Writes `lines` to stdout, one per line, control characters escaped. */
export function print(...lines: string[]): void {
  process.stdout.write(lines.map(line => `${escapeControls(line)}\n`).join(''));
}

/** Rows as aligned columns, the first row a header. */
export function table(rows: (string | number)[][]): string[] {
  const widths = rows[0].map((_, column) =>
    Math.max(...rows.map(row => String(row[column]).length)),
  );
  return rows.map(row =>
    row
      .map((cell, column) => String(cell).padEnd(widths[column]))
      .join('  ')
      .trimEnd(),
  );
}

/** `1.5 MiB`. */
export function bytes(count: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB'];
  let value = count;
  let unit = 0;
  while (value >= 1024 && unit < units.length - 1) {
    value /= 1024;
    unit++;
  }
  return `${unit === 0 ? value : value.toFixed(1)} ${units[unit]}`;
}

/**
 * A progress bar on stderr, `[#####.....]  50%  500/1000 files`, redrawn at most every 100 ms,
 * for runs that take long. Nothing is drawn unless `enabled`.
 */
export function progressBar(
  total: number,
  enabled: boolean,
): { update(done: number): void; end(): void } {
  let last = 0;
  const draw = (done: number) => {
    const ratio = total === 0 ? 1 : Math.min(done / total, 1);
    const filled = Math.round(ratio * 30);
    process.stderr.write(
      `\r[${'#'.repeat(filled)}${'.'.repeat(30 - filled)}] ${String(Math.round(ratio * 100)).padStart(3)}%  ${done}/${total} files`,
    );
  };
  return {
    update(done) {
      const now = Date.now();
      if (!enabled || now - last < 100) return;
      last = now;
      draw(done);
    },
    end() {
      if (!enabled) return;
      draw(total);
      process.stderr.write('\n');
    },
  };
}
