import { ITERATIONS_PER_LEVEL } from '../engine/algorithms.js';
import type { Percentiles } from './latency.js';
import type { LoadOptions } from './options.js';
import type { RequestKind, StatusCounts, Tally } from './tally.js';

/**
 * The result of a load run as one plain object (what `--json` prints) and as the human table. Throughput is
 * finished requests over the sending phase; hashes/s counts only work that really completed (seeds of 2xx
 * sync answers plus completed async jobs) × difficulty × 50,000, over the time until the last of it finished.
 */

export interface KindReport {
  readonly requests: number;
  readonly statusCodes: StatusCounts;
  readonly latencyMs: Percentiles;
  readonly okLatencyMs: Percentiles;
}

export interface LoadReport {
  readonly target: string;
  readonly mode: LoadOptions['mode'];
  readonly loop: 'closed' | 'open';
  readonly concurrency: number | null;
  readonly rate: number | null;
  readonly seedsPerRequest: number;
  readonly difficulty: number;
  readonly algorithm: string;
  readonly interrupted: boolean;
  /** Seconds spent sending (the load phase). */
  readonly durationS: number;
  /** Seconds until the last counted work finished (includes the async drain). */
  readonly elapsedS: number;
  readonly requests: number;
  readonly throughput: number;
  readonly statusCodes: StatusCounts;
  readonly rateLimited: number;
  readonly backpressured: number;
  readonly errors: number;
  readonly latencyMs: Percentiles;
  readonly okLatencyMs: Percentiles;
  readonly kinds: Partial<Record<RequestKind, KindReport>>;
  readonly seedsCompleted: number;
  readonly hashesPerSecond: number;
  readonly jobs?: { enqueued: number; completed: number; failed: number; pending: number };
  readonly jobLatencyMs?: Percentiles;
  readonly jobEndToEndMs?: Percentiles;
}

export interface RunTimes {
  readonly startMs: number;
  readonly sendEndMs: number;
  readonly endMs: number;
  readonly interrupted: boolean;
}

export function buildReport(
  options: LoadOptions,
  tally: Tally,
  times: RunTimes,
  pendingJobs: number,
): LoadReport {
  const durationS = Math.max(1e-3, (times.sendEndMs - times.startMs) / 1000);
  const jobs = tally.jobs;
  let syncSeeds = 0;
  const kinds: Partial<Record<RequestKind, KindReport>> = {};
  for (const [name, k] of tally.kinds) {
    syncSeeds += k.seedsDone;
    kinds[name] = {
      requests: k.requests,
      statusCodes: { ...k.statusCodes },
      latencyMs: k.latency.summary(),
      okLatencyMs: k.okLatency.summary(),
    };
  }
  const seedsCompleted = syncSeeds + jobs.completed;
  const workEndMs = Math.max(times.sendEndMs, jobs.lastFinishedAtMs);
  const elapsedS = Math.max(1e-3, (Math.min(workEndMs, times.endMs) - times.startMs) / 1000);
  const async = options.mode === 'async' || options.mode === 'mixed';
  const statusCodes = { ...tally.all.statusCodes };
  return {
    target: options.url.href,
    mode: options.mode,
    loop: options.rate === null ? 'closed' : 'open',
    concurrency: options.rate === null ? options.concurrency : null,
    rate: options.rate,
    seedsPerRequest: options.mode === 'health' ? 0 : options.seeds,
    difficulty: options.difficulty,
    algorithm: options.algorithm,
    interrupted: times.interrupted,
    durationS: round(durationS),
    elapsedS: round(elapsedS),
    requests: tally.requests,
    throughput: round(tally.requests / durationS),
    statusCodes,
    rateLimited: statusCodes['429'] ?? 0,
    backpressured: statusCodes['503'] ?? 0,
    errors: tally.count((key) => key.startsWith('error:')),
    latencyMs: tally.all.latency.summary(),
    okLatencyMs: tally.all.okLatency.summary(),
    kinds,
    seedsCompleted,
    hashesPerSecond: Math.round((seedsCompleted * options.difficulty * ITERATIONS_PER_LEVEL) / elapsedS),
    ...(async
      ? {
          jobs: {
            enqueued: jobs.enqueued,
            completed: jobs.completed,
            failed: jobs.failed,
            pending: pendingJobs,
          },
          jobLatencyMs: jobs.latency.summary(),
          jobEndToEndMs: jobs.endToEnd.summary(),
        }
      : {}),
  };
}

function round(value: number): number {
  return Math.round(value * 100) / 100;
}
