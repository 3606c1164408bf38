import { percentile } from './percentiles.js';

/** Per-second aggregation of the load panel's requests: throughput by outcome and latency percentiles. */

export type LoadOutcome = 'ok' | 'rate_limited' | 'unavailable' | 'error' | 'offline';

export interface LoadSample {
  /** Milliseconds since the load run started, when the response arrived. */
  readonly endMs: number;
  readonly latencyMs: number;
  readonly outcome: LoadOutcome;
}

export interface LoadBucket {
  readonly second: number;
  readonly ok: number;
  readonly refused: number;
  readonly errors: number;
  readonly p50: number | null;
  readonly p95: number | null;
}

export function bucketize(samples: readonly LoadSample[]): LoadBucket[] {
  if (samples.length === 0) return [];
  const last = Math.floor(Math.max(...samples.map((s) => s.endMs)) / 1000);
  const groups: LoadSample[][] = Array.from({ length: last + 1 }, () => []);
  for (const s of samples) groups[Math.floor(s.endMs / 1000)]?.push(s);
  return groups.map((group, second) => {
    const okLatencies = group
      .filter((s) => s.outcome === 'ok')
      .map((s) => s.latencyMs)
      .sort((a, b) => a - b);
    return {
      second,
      ok: okLatencies.length,
      refused: group.filter((s) => s.outcome === 'rate_limited' || s.outcome === 'unavailable').length,
      errors: group.filter((s) => s.outcome === 'error' || s.outcome === 'offline').length,
      p50: percentile(okLatencies, 50),
      p95: percentile(okLatencies, 95),
    };
  });
}

export function countOutcomes(samples: readonly LoadSample[]): Record<LoadOutcome, number> {
  const counts: Record<LoadOutcome, number> = {
    ok: 0,
    rate_limited: 0,
    unavailable: 0,
    error: 0,
    offline: 0,
  };
  for (const s of samples) counts[s.outcome]++;
  return counts;
}
