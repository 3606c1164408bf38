import { ITERATIONS_PER_LEVEL } from '../engine/algorithms.js';
import type { LoadOptions } from './options.js';
import type { KindReport, LoadReport } from './report-schema.js';
import type { RequestKind, Tally } from './tally.js';

export type { LoadReport } from './report-schema.js';

/**
 * The result of a load run as one plain object (what `--json` prints) and as the human table. Throughput is
 * finished requests over the sending phase; hashes/s counts only work that really completed (seeds of 2xx
 * sync answers plus completed async jobs) × difficulty × 50,000, over the time until the last of it finished.
 */

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
    durationS: roundTo(durationS, 3),
    elapsedS: roundTo(elapsedS, 3),
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
  return roundTo(value, 2);
}

function roundTo(value: number, digits: number): number {
  const scale = 10 ** digits;
  return Math.round(value * scale) / scale;
}
