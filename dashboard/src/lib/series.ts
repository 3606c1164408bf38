import type { Stats } from '../../../src/schemas/stats.js';

/**
 * The queue panel's history: one sample per GET /api/stats poll, kept for the last few minutes, taken from
 * the shortest window the server reports (the most "now" view of throughput and latency).
 */

export interface StatsSample {
  readonly atMs: number;
  readonly jobsPerSecond: number;
  readonly syncPerSecond: number;
  readonly jobP50: number | null;
  readonly jobP95: number | null;
  readonly syncP50: number | null;
  readonly syncP95: number | null;
  readonly waiting: number | null;
  readonly active: number | null;
}

export const HISTORY_MS = 5 * 60_000;

export function sampleFrom(stats: Stats, atMs: number): StatsSample {
  const window = [...stats.windows].sort((a, b) => a.seconds - b.seconds)[0];
  return {
    atMs,
    jobsPerSecond: window?.jobs.perSecond ?? 0,
    syncPerSecond: window?.sync.perSecond ?? 0,
    jobP50: window?.jobs.latencyMs.p50 ?? null,
    jobP95: window?.jobs.latencyMs.p95 ?? null,
    syncP50: window?.sync.latencyMs.p50 ?? null,
    syncP95: window?.sync.latencyMs.p95 ?? null,
    waiting: stats.queue.depth?.waiting ?? null,
    active: stats.queue.depth?.active ?? null,
  };
}

/** Appends a sample and drops those older than `keepMs` before it (the array is never mutated). */
export function appendSample(
  history: readonly StatsSample[],
  sample: StatsSample,
  keepMs: number = HISTORY_MS,
): StatsSample[] {
  const cutoff = sample.atMs - keepMs;
  const kept = history.filter((s) => s.atMs >= cutoff && s.atMs < sample.atMs);
  return [...kept, sample];
}
