/** A watched share (0–1) as whole percent, rounded down so "100 %" means all of it. Pure; the browser uses it too. */
export function watchedPercent(share: number): number {
  if (!Number.isFinite(share)) return 0;
  return Math.floor(Math.min(1, Math.max(0, share)) * 100 + 1e-9);
}
