import { LatencyHistogram } from './latency.js';

/**
 * Running counts of one load run: per request kind (health, sync, async) the finished requests by status
 * code, their latencies, and the seeds hashed; for async the jobs followed to completion. Every finished
 * request is counted under exactly one status key, so `requests` always equals the sum of `statusCodes`.
 */

export type RequestKind = 'health' | 'sync' | 'async';

/** Status keys: the HTTP code as text, or `error:<name>` when no response arrived. */
export type StatusCounts = Record<string, number>;

export class KindTally {
  requests = 0;
  readonly statusCodes: StatusCounts = {};
  /** Every request that got an answer, whatever its status. */
  readonly latency = new LatencyHistogram();
  /** Only 2xx answers: the latency of real work, not of fast refusals. */
  readonly okLatency = new LatencyHistogram();
  /** Seeds hashed in 2xx sync answers. */
  seedsDone = 0;

  record(status: number, error: string | null, latencyMs: number): void {
    this.requests += 1;
    const key = status === 0 ? `error:${error ?? 'unknown'}` : String(status);
    this.statusCodes[key] = (this.statusCodes[key] ?? 0) + 1;
    if (status !== 0) this.latency.record(latencyMs);
    if (status >= 200 && status < 300) this.okLatency.record(latencyMs);
  }
}

export class JobTally {
  enqueued = 0;
  completed = 0;
  failed = 0;
  /** Server-side enqueue → completion (the job's totalTimeMs). */
  readonly latency = new LatencyHistogram();
  /** Client-side: from the scheduled send of the POST to seeing the job finish. */
  readonly endToEnd = new LatencyHistogram();
  /** Time of the last completion seen, for the hash rate's denominator. */
  lastFinishedAtMs = 0;
}

export class Tally {
  readonly kinds = new Map<RequestKind, KindTally>();
  readonly jobs = new JobTally();
  /** Over every kind, for the headline percentiles. */
  readonly all = new KindTally();
  /** Requests sent whose answer has not arrived yet. */
  inFlight = 0;

  /** Counts one finished request under its kind and in the overall totals. */
  record(kind: RequestKind, status: number, error: string | null, latencyMs: number): KindTally {
    const tally = this.kind(kind);
    tally.record(status, error, latencyMs);
    this.all.record(status, error, latencyMs);
    return tally;
  }

  kind(kind: RequestKind): KindTally {
    let tally = this.kinds.get(kind);
    if (!tally) {
      tally = new KindTally();
      this.kinds.set(kind, tally);
    }
    return tally;
  }

  get requests(): number {
    return this.all.requests;
  }

  count(predicate: (key: string) => boolean): number {
    return Object.entries(this.all.statusCodes)
      .filter(([key]) => predicate(key))
      .reduce((sum, [, n]) => sum + n, 0);
  }
}
