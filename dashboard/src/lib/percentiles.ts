/**
 * Summary statistics for the result panels. Percentiles use the nearest-rank method on the sorted
 * samples, so every reported value is one that was actually measured (no interpolation artefacts).
 */

export interface Percentiles {
  readonly p50: number;
  readonly p95: number;
  readonly p99: number;
}

export function percentile(sorted: readonly number[], p: number): number | null {
  if (sorted.length === 0) return null;
  const rank = Math.ceil((p / 100) * sorted.length);
  const index = Math.min(sorted.length - 1, Math.max(0, rank - 1));
  return sorted[index] ?? null;
}

/** p50/p95/p99 of the finite values, or null when there are none. */
export function percentiles(values: readonly (number | null | undefined)[]): Percentiles | null {
  const sorted = values
    .filter((v): v is number => typeof v === 'number' && Number.isFinite(v))
    .sort((a, b) => a - b);
  if (sorted.length === 0) return null;
  return {
    p50: percentile(sorted, 50) as number,
    p95: percentile(sorted, 95) as number,
    p99: percentile(sorted, 99) as number,
  };
}

export function mean(values: readonly (number | null | undefined)[]): number | null {
  let sum = 0;
  let n = 0;
  for (const v of values) {
    if (typeof v === 'number' && Number.isFinite(v)) {
      sum += v;
      n++;
    }
  }
  return n === 0 ? null : sum / n;
}
