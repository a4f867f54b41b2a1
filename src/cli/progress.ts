/**
 * A one-line progress bar with an ETA on stderr, for long runs (sweeps, sensitivity analyses). Drawn
 * only when `enabled` (callers pass `!args.json`) and stderr is a terminal; otherwise silent, so piped
 * output and logs stay clean. The ETA extrapolates the mean time per finished step of this session
 * (steps restored by --resume do not count towards the rate).
 */
export interface Progress {
  /** `done` may be fractional (a step part-way), which lets the ETA start before the first step ends. */
  update(done: number, total: number, text?: string): void;
  done(): void;
}

export function formatDuration(seconds: number): string {
  if (!Number.isFinite(seconds) || seconds < 0) return '?';
  const s = Math.round(seconds);
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
}

/** The bar's text (exported for tests): label, bar, done/total, percent, elapsed and ETA. */
export function progressLine(label: string, done: number, total: number, elapsedS: number, doneAtStart: number, text?: string): string {
  const width = 24;
  const frac = total > 0 ? Math.min(1, done / total) : 1;
  const fill = Math.round(frac * width);
  const fresh = done - doneAtStart;
  const eta = fresh > 0 ? (elapsedS / fresh) * (total - done) : NaN;
  const etaText = done >= total ? 'done' : `ETA ${formatDuration(eta)}`;
  return `${label} [${'#'.repeat(fill)}${'.'.repeat(width - fill)}] ${Math.floor(done)}/${total} ${String(Math.floor(frac * 100)).padStart(3)}% ${formatDuration(elapsedS)} elapsed, ${etaText}${text ? ` ${text}` : ''}`;
}

export function makeProgress(label: string, enabled: boolean): Progress {
  const on = enabled && process.stderr.isTTY === true;
  const t0 = performance.now();
  let start: number | undefined;
  let drawn = false;
  let last = '';
  let lastAt = -Infinity;
  return {
    update(done, total, text) {
      if (!on) return;
      start ??= done;
      const now = performance.now();
      // At most ~10 redraws a second, except when a step finishes.
      if (now - lastAt < 100 && !Number.isInteger(done)) return;
      const cols = process.stderr.columns || 100;
      const line = progressLine(label, done, total, (now - t0) / 1000, start, text).slice(0, cols - 1);
      if (line === last) return;
      process.stderr.write(`\r${line}\x1b[K`);
      last = line;
      lastAt = now;
      drawn = true;
    },
    done() {
      if (on && drawn) process.stderr.write('\r\x1b[K');
      drawn = false;
    },
  };
}
