import type { RunState } from './run-state.js';

/**
 * Points for the completion timeline: x = seconds from the first enqueue (server clock, both paths share it)
 * to a seed's completion, y = the seed's position in the request. A path that completes in order draws a
 * rising line; async workers finishing out of order show up as points out of that line.
 */

export interface TimelinePoint {
  readonly x: number;
  readonly y: number;
  readonly seed: string;
}

export function timelinePoints(run: RunState): { sync: TimelinePoint[]; async: TimelinePoint[] } {
  const syncResults = run.sync.response?.results ?? [];
  const jobs = run.async.rows.map((r) => r.job).filter((j) => j !== null);
  const starts = [...syncResults.map((r) => r.enqueuedAtMs), ...jobs.map((j) => j.enqueuedAtMs)].filter(
    (v): v is number => typeof v === 'number',
  );
  if (starts.length === 0) return { sync: [], async: [] };
  const base = Math.min(...starts);
  const sync = syncResults
    .filter((r) => r.completedAtMs !== null)
    .map((r) => ({ x: ((r.completedAtMs as number) - base) / 1000, y: r.cycle, seed: r.seed }));
  const asyncPoints = jobs
    .filter((j) => j.completedAtMs !== null && j.cycle !== null)
    .map((j) => ({
      x: ((j.completedAtMs as number) - base) / 1000,
      y: j.cycle as number,
      seed: j.seed ?? '',
    }));
  return { sync, async: asyncPoints };
}

/** How many completions came after a later-numbered seed had already completed (0 = perfectly in order). */
export function outOfOrder(points: readonly TimelinePoint[]): number {
  const byTime = [...points].sort((a, b) => a.x - b.x || a.y - b.y);
  let maxSeen = Number.NEGATIVE_INFINITY;
  let count = 0;
  for (const p of byTime) {
    if (p.y < maxSeen) count++;
    maxSeen = Math.max(maxSeen, p.y);
  }
  return count;
}
