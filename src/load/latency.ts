import * as hdr from 'hdr-histogram-js';

/**
 * A latency distribution in milliseconds kept in an HDR histogram at microsecond resolution (3 significant
 * digits), so percentiles stay exact to 0.1 % however many millions of samples a run records.
 */

export interface Percentiles {
  readonly count: number;
  readonly p50: number;
  readonly p90: number;
  readonly p99: number;
  readonly max: number;
  readonly mean: number;
}

export class LatencyHistogram {
  private readonly histogram = hdr.build({ lowestDiscernibleValue: 1, numberOfSignificantValueDigits: 3 });

  record(ms: number): void {
    // Sub-microsecond and negative values (clock skew between hosts) are clamped rather than dropped.
    this.histogram.recordValue(Math.max(1, Math.round(ms * 1000)));
  }

  get count(): number {
    return this.histogram.totalCount;
  }

  percentile(p: number): number {
    return this.count === 0 ? 0 : this.histogram.getValueAtPercentile(p) / 1000;
  }

  summary(): Percentiles {
    if (this.count === 0) return { count: 0, p50: 0, p90: 0, p99: 0, max: 0, mean: 0 };
    return {
      count: this.count,
      p50: round(this.percentile(50)),
      p90: round(this.percentile(90)),
      p99: round(this.percentile(99)),
      max: round(this.histogram.maxValue / 1000),
      mean: round(this.histogram.mean / 1000),
    };
  }
}

function round(ms: number): number {
  return Math.round(ms * 1000) / 1000;
}
