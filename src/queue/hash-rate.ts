/**
 * Hash steps per second over a recent window, from per-second buckets, for queue start estimates.
 * The rate spans only the seconds from the first to the last one with completed work, so idle seconds
 * before or after a burst (a queue that just woke up, or has just drained) do not water it down; an
 * empty window has no rate (null).
 */
export const RATE_WINDOW_SECONDS = 30;

/** `buckets[i]` holds the steps completed in second `now − window + i` (oldest first, current second excluded). */
export function rateFromBuckets(buckets: readonly number[]): number | null {
  const first = buckets.findIndex((steps) => steps > 0);
  if (first < 0) return null;
  let last = first;
  let sum = 0;
  for (let i = first; i < buckets.length; i++) {
    const steps = buckets[i] ?? 0;
    sum += steps;
    if (steps > 0) last = i;
  }
  return sum / (last - first + 1);
}

/** When a queued job should start, given the work ahead of it in hash steps. */
export function estimateStartAtMs(nowMs: number, stepsAhead: number, rate: number | null): number | null {
  if (rate === null || rate <= 0) return null;
  return Math.round(nowMs + (stepsAhead / rate) * 1000);
}

/** In-process buckets (embedded mode); Redis mode keeps the same buckets as keys shared by all workers. */
export class HashRateWindow {
  private readonly buckets = new Map<number, number>();

  constructor(private readonly windowSeconds = RATE_WINDOW_SECONDS) {}

  add(nowMs: number, steps: number): void {
    const second = Math.floor(nowMs / 1000);
    this.buckets.set(second, (this.buckets.get(second) ?? 0) + steps);
    for (const key of this.buckets.keys()) {
      if (key < second - this.windowSeconds) this.buckets.delete(key);
      else break;
    }
  }

  rate(nowMs: number): number | null {
    const now = Math.floor(nowMs / 1000);
    const values: number[] = [];
    for (let s = now - this.windowSeconds; s < now; s++) values.push(this.buckets.get(s) ?? 0);
    return rateFromBuckets(values);
  }
}
