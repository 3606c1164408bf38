import type { HashPool } from '../pool/pool.js';
import type { QueueMode } from '../queue/contract.js';
import type { Stats, StatsWindow } from '../schemas/stats.js';
import type { Metrics } from './registry.js';
import type { WindowSummary } from './rolling.js';

/**
 * Assembles the `/api/stats` document from the queue snapshot (shared with /metrics), the pool, and the
 * rolling windows. Throughput over a window is events / window length.
 */

export const STATS_WINDOWS_SECONDS = [10, 60, 300] as const;

export interface StatsSources {
  readonly metrics: Metrics;
  readonly pool: HashPool;
  readonly mode: QueueMode;
  readonly startedAtMs: number;
}

export async function buildStats(sources: StatsSources): Promise<Stats> {
  const { metrics, pool } = sources;
  const queue = await metrics.queueSnapshot();
  const p = pool.stats();
  const refusals = metrics.refusals;
  return {
    timestamp: Date.now(),
    mode: sources.mode,
    engine: pool.engineName,
    uptimeMs: Date.now() - sources.startedAtMs,
    queue: {
      reachable: queue !== null,
      depth: queue ? { ...queue.depth } : null,
      workers: queue?.workers ?? null,
      oldestWaitingAgeMs: queue?.oldestWaitingAgeMs ?? null,
      hashRate: queue?.hashRate ?? null,
    },
    counters: queue ? { ...queue.counters } : null,
    pool: {
      threads: p.threads,
      busyThreads: p.busyThreads,
      utilization: p.utilization,
      queuedTasks: p.queuedTasks,
      completedTasks: p.completedTasks,
    },
    refusals: {
      rateLimited: refusals.get('rate_limited') ?? 0,
      backpressure: (refusals.get('queue_full') ?? 0) + (refusals.get('queue_unavailable') ?? 0),
    },
    windows: STATS_WINDOWS_SECONDS.map((seconds) => windowStats(metrics, seconds)),
  };
}

function windowStats(metrics: Metrics, seconds: number): StatsWindow {
  const done = metrics.jobWindows.done.summary(seconds);
  const failed = metrics.jobWindows.failed.summary(seconds);
  const wait = metrics.jobWindows.wait.summary(seconds);
  const sync = metrics.syncWindow.summary(seconds);
  return {
    seconds,
    jobs: {
      completed: done.count,
      failed: failed.count,
      perSecond: done.perSecond,
      hashesPerSecond: done.sumPerSecond,
      latencyMs: latency(done),
      waitMs: latency(wait),
    },
    sync: {
      requests: sync.count,
      perSecond: sync.perSecond,
      hashesPerSecond: sync.sumPerSecond,
      latencyMs: latency(sync),
    },
  };
}

function latency(w: WindowSummary) {
  return { p50: w.p50, p95: w.p95, p99: w.p99 };
}
