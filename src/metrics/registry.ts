import { Counter, collectDefaultMetrics, Gauge, Histogram, Registry } from 'prom-client';
import { ITERATIONS_PER_LEVEL } from '../engine/algorithms.js';
import type { HashPool } from '../pool/pool.js';
import type { JobQueue } from '../queue/contract.js';
import { type JobWindows, observeJobs } from './job-observer.js';
import {
  type QueueSnapshot,
  queueSnapshotter,
  registerPoolCollectors,
  registerQueueCollectors,
} from './queue-collectors.js';
import { RollingWindow } from './rolling.js';

/**
 * One process's metrics: a fresh prom-client Registry per call (never the global default, so tests and
 * several apps in one process do not collide), holding HTTP, refusal, queue, job, webhook, pool and
 * Node process metrics, plus the rolling windows `/api/stats` reads. `close()` stops observing the queue.
 */

export interface MetricsDeps {
  readonly queue: JobQueue;
  readonly pool: HashPool;
  readonly version: string;
  /** Clock for the rolling windows (tests may pass their own). */
  readonly now?: () => number;
}

export interface Metrics {
  readonly registry: Registry;
  readonly jobWindows: JobWindows;
  /** Successful sync requests: request latency (ms) and hash steps. */
  readonly syncWindow: RollingWindow;
  /** Lifetime refusals answered by this process, by error code. */
  readonly refusals: Map<string, number>;
  readonly queueSnapshot: QueueSnapshot;
  observeRequest(method: string, route: string, statusCode: number, durationMs: number): void;
  countRefusal(route: string, code: string): void;
  observeSync(durationMs: number, seeds: number, difficulty: number): void;
  close(): void;
}

const HTTP_BUCKETS = [0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60];

export function createMetrics(deps: MetricsDeps): Metrics {
  const registry = new Registry();
  const registers = [registry];
  collectDefaultMetrics({ register: registry, eventLoopMonitoringPrecision: 10 });

  const httpDuration = new Histogram({
    name: 'consuma_http_request_duration_seconds',
    help: 'HTTP request duration by route pattern, method and status code',
    labelNames: ['method', 'route', 'status_code'],
    buckets: HTTP_BUCKETS,
    registers,
  });
  const refusalCounter = new Counter({
    name: 'consuma_http_refusals_total',
    help: 'Requests refused by a guard: rate_limited (429), queue_full / queue_unavailable (503)',
    labelNames: ['route', 'code'],
    registers,
  });
  const syncSteps = new Counter({
    name: 'consuma_sync_hash_steps_total',
    help: 'Hash steps done for successful sync requests by this process',
    registers,
  });
  new Gauge({
    name: 'consuma_info',
    help: 'Constant 1, labelled with version, queue mode and hash engine',
    labelNames: ['version', 'mode', 'engine'],
    registers,
  }).set({ version: deps.version, mode: deps.queue.mode, engine: deps.pool.engineName }, 1);

  const queueSnapshot = queueSnapshotter(deps.queue);
  registerQueueCollectors(registry, queueSnapshot);
  registerPoolCollectors(registry, deps.pool);
  const jobs = observeJobs(registry, deps.queue, deps.now);
  const syncWindow = new RollingWindow(deps.now);
  const refusals = new Map<string, number>();

  return {
    registry,
    jobWindows: jobs.windows,
    syncWindow,
    refusals,
    queueSnapshot,
    observeRequest(method, route, statusCode, durationMs) {
      httpDuration.observe({ method, route, status_code: String(statusCode) }, durationMs / 1000);
    },
    countRefusal(route, code) {
      refusalCounter.inc({ route, code });
      refusals.set(code, (refusals.get(code) ?? 0) + 1);
    },
    observeSync(durationMs, seeds, difficulty) {
      const steps = seeds * difficulty * ITERATIONS_PER_LEVEL;
      syncSteps.inc(steps);
      syncWindow.record(durationMs, steps);
    },
    close() {
      jobs.stop();
      registry.clear();
    },
  };
}
