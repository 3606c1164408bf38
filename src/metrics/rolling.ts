/**
 * Recent-window statistics for `/api/stats`: one bucket per second for the last five minutes, each with
 * event counts, a sum, and a sparse log-scale latency histogram (buckets 2 % apart, so a percentile is
 * within 2 % of the true value). Asking for the last N seconds merges N buckets — cheap at dashboard rates,
 * and memory stays bounded by the bucket count, not the traffic.
 */

const GROWTH = 1.02;
const LOG_GROWTH = Math.log(GROWTH);
/** Values below this (ms) share bucket 0. */
const FLOOR_MS = 0.01;
export const MAX_WINDOW_SECONDS = 300;

interface Bucket {
  second: number;
  count: number;
  sum: number;
  histogram: Map<number, number>;
}

export interface WindowSummary {
  readonly seconds: number;
  readonly count: number;
  /** count / seconds (the whole window, even right after start-up, so rates are never inflated). */
  readonly perSecond: number;
  /** sum / seconds, e.g. hash steps per second. */
  readonly sumPerSecond: number;
  readonly p50: number | null;
  readonly p95: number | null;
  readonly p99: number | null;
}

export class RollingWindow {
  private readonly buckets: Bucket[] = [];

  constructor(private readonly now: () => number = Date.now) {}

  /** One event; `latencyMs` (optional) enters the percentiles, `amount` the sum. */
  record(latencyMs: number | null, amount = 0): void {
    const bucket = this.current();
    bucket.count += 1;
    bucket.sum += amount;
    if (latencyMs !== null && Number.isFinite(latencyMs)) {
      const index = bucketIndex(latencyMs);
      bucket.histogram.set(index, (bucket.histogram.get(index) ?? 0) + 1);
    }
  }

  summary(seconds: number): WindowSummary {
    const nowSecond = Math.floor(this.now() / 1000);
    // The running second is partial: the window is the last `seconds` full seconds plus the current one,
    // divided by `seconds`, a small overestimate of at most one second's events rather than a gap.
    const from = nowSecond - Math.min(seconds, MAX_WINDOW_SECONDS) + 1;
    let count = 0;
    let sum = 0;
    const merged = new Map<number, number>();
    let samples = 0;
    for (const b of this.buckets) {
      if (b.second < from) continue;
      count += b.count;
      sum += b.sum;
      for (const [index, n] of b.histogram) {
        merged.set(index, (merged.get(index) ?? 0) + n);
        samples += n;
      }
    }
    const sorted = [...merged.entries()].sort((a, b) => a[0] - b[0]);
    const at = (q: number): number | null => {
      if (samples === 0) return null;
      const rank = Math.ceil(q * samples);
      let seen = 0;
      for (const [index, n] of sorted) {
        seen += n;
        if (seen >= rank) return upperBound(index);
      }
      return upperBound(sorted[sorted.length - 1]?.[0] ?? 0);
    };
    return {
      seconds,
      count,
      perSecond: count / seconds,
      sumPerSecond: sum / seconds,
      p50: at(0.5),
      p95: at(0.95),
      p99: at(0.99),
    };
  }

  private current(): Bucket {
    const second = Math.floor(this.now() / 1000);
    const last = this.buckets[this.buckets.length - 1];
    if (last && last.second === second) return last;
    const bucket: Bucket = { second, count: 0, sum: 0, histogram: new Map() };
    this.buckets.push(bucket);
    while (this.buckets.length > 0 && (this.buckets[0]?.second ?? second) <= second - MAX_WINDOW_SECONDS) {
      this.buckets.shift();
    }
    return bucket;
  }
}

function bucketIndex(ms: number): number {
  return ms <= FLOOR_MS ? 0 : Math.ceil(Math.log(ms / FLOOR_MS) / LOG_GROWTH);
}

/** The bucket's upper bound, so a percentile never understates. */
function upperBound(index: number): number {
  return Math.round(FLOOR_MS * GROWTH ** index * 1000) / 1000;
}
