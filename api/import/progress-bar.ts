/**
 * A one-line progress bar for a terminal: `\r` redraws the line, at most every `intervalMs`,
 * always at the end. Callers draw it only when stderr is a terminal (`io.interactive`), so logs
 * and pipes never fill with carriage returns.
 */

export function formatProgressBar(
  label: string,
  done: number,
  total: number,
  { width = 24, secondsLeft }: { width?: number; secondsLeft?: number } = {},
): string {
  const ratio = total > 0 ? Math.min(1, done / total) : 1;
  const filled = Math.round(ratio * width);
  const eta =
    secondsLeft !== undefined && done < total ? `, ~${formatDuration(secondsLeft)} left` : '';
  return `${label} [${'#'.repeat(filled)}${'.'.repeat(width - filled)}] ${done}/${total} (${Math.floor(ratio * 100)}%${eta})`;
}

/** 4.2 → "5 s"; 130 → "2 min 10 s". */
export function formatDuration(seconds: number): string {
  const s = Math.ceil(seconds);
  return s < 60 ? `${s} s` : `${Math.floor(s / 60)} min${s % 60 ? ` ${s % 60} s` : ''}`;
}

export interface ProgressRenderer {
  update(label: string, done: number, total: number): void;
  /** Ends the line if a bar was drawn. */
  finish(): void;
}

export function createProgressRenderer(
  write: (text: string) => void,
  { intervalMs = 100, now = (): number => Date.now() } = {},
): ProgressRenderer {
  let drawnAt = -Infinity;
  let drawn = false;
  let phase = '';
  let phaseStarted = 0;
  return {
    update(label, done, total) {
      const t = now();
      if (label !== phase) {
        phase = label;
        phaseStarted = t;
      }
      if (done < total && t - drawnAt < intervalMs) return;
      drawnAt = t;
      const elapsed = (t - phaseStarted) / 1000;
      const secondsLeft = done > 0 && elapsed > 1 ? (elapsed / done) * (total - done) : undefined;
      write(`\r${formatProgressBar(label, done, total, { secondsLeft })}\x1b[K`);
      drawn = true;
    },
    finish() {
      if (drawn) write('\n');
      drawn = false;
    },
  };
}
