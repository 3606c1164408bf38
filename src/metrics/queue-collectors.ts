import { Counter, Gauge, type Registry } from 'prom-client';
import type { HashPool } from '../pool/pool.js';
import type { JobQueue, LifetimeCounters, QueueStats } from '../queue/contract.js';

/**
 * Metrics read at scrape time: queue depth per state, workers, oldest waiting job, the queue's lifetime
 * counters, webhook outcomes and the pool. One `queue.stats()` call serves a whole scrape (and every other
 * reader within a second), so a scrape costs Redis one round trip, not one per metric. If the queue cannot
 * be read, `consuma_queue_up` is 0 and the queue metrics are left out of that scrape instead of failing it.
 */

const SNAPSHOT_TTL_MS = 1000;

export type QueueSnapshot = () => Promise<QueueStats | null>;

export function queueSnapshotter(queue: JobQueue): QueueSnapshot {
  let cached: { atMs: number; value: Promise<QueueStats | null> } | null = null;
  return () => {
    const now = Date.now();
    if (cached && now - cached.atMs < SNAPSHOT_TTL_MS) return cached.value;
    const value = queue.stats().catch(() => null);
    cached = { atMs: now, value };
    return value;
  };
}

/** A counter whose value is a lifetime total kept elsewhere (the queue); it is copied in at scrape time. */
function mirroredCounter(
  registry: Registry,
  name: string,
  help: string,
  read: (counters: LifetimeCounters) => number,
  snapshot: QueueSnapshot,
): void {
  new Counter({
    name,
    help,
    registers: [registry],
    async collect() {
      const stats = await snapshot();
      this.reset();
      if (stats) this.inc(read(stats.counters));
    },
  });
}

export function registerQueueCollectors(registry: Registry, snapshot: QueueSnapshot): void {
  const registers = [registry];
  new Gauge({
    name: 'consuma_queue_up',
    help: '1 when the queue answered the last stats read, else 0',
    registers,
    async collect() {
      this.set((await snapshot()) ? 1 : 0);
    },
  });
  new Gauge({
    name: 'consuma_queue_jobs',
    help: 'Jobs in the queue by state (completed/failed: results still retained)',
    labelNames: ['state'],
    registers,
    async collect() {
      this.reset();
      const stats = await snapshot();
      if (!stats) return;
      for (const [state, count] of Object.entries(stats.depth)) this.set({ state }, count);
    },
  });
  const simple = (name: string, help: string, read: (s: QueueStats) => number | null) =>
    new Gauge({
      name,
      help,
      registers,
      async collect() {
        this.reset();
        const stats = await snapshot();
        const value = stats ? read(stats) : null;
        if (value !== null) this.set(value);
      },
    });
  simple('consuma_queue_workers', 'Worker processes seen recently', (s) => s.workers);
  simple('consuma_queue_oldest_waiting_age_seconds', 'Age of the oldest waiting job', (s) =>
    s.oldestWaitingAgeMs === null ? 0 : s.oldestWaitingAgeMs / 1000,
  );
  simple(
    'consuma_queue_hash_rate',
    'Recently measured hash steps per second over all workers',
    (s) => s.hashRate,
  );

  const lifetime = 'Lifetime total over the whole queue (shared by every process in Redis mode)';
  mirroredCounter(
    registry,
    'consuma_jobs_enqueued_total',
    `Jobs enqueued. ${lifetime}`,
    (c) => c.enqueued,
    snapshot,
  );
  mirroredCounter(
    registry,
    'consuma_jobs_completed_total',
    `Jobs completed. ${lifetime}`,
    (c) => c.completed,
    snapshot,
  );
  mirroredCounter(
    registry,
    'consuma_jobs_failed_total',
    `Jobs failed for good. ${lifetime}`,
    (c) => c.failed,
    snapshot,
  );
  mirroredCounter(
    registry,
    'consuma_jobs_retried_total',
    `Job attempts retried. ${lifetime}`,
    (c) => c.retried,
    snapshot,
  );
  mirroredCounter(
    registry,
    'consuma_hash_steps_total',
    `Hash steps done by jobs. ${lifetime}`,
    (c) => c.hashSteps,
    snapshot,
  );
  new Counter({
    name: 'consuma_webhook_deliveries_total',
    help: `Webhook deliveries by outcome (retried counts retry decisions). ${lifetime}`,
    labelNames: ['outcome'],
    registers,
    async collect() {
      this.reset();
      const stats = await snapshot();
      if (!stats) return;
      this.inc({ outcome: 'delivered' }, stats.counters.callbacksDelivered);
      this.inc({ outcome: 'failed' }, stats.counters.callbacksFailed);
      this.inc({ outcome: 'retried' }, stats.counters.callbacksRetried);
    },
  });
}

export function registerPoolCollectors(registry: Registry, pool: HashPool): void {
  const gauge = (name: string, help: string, read: () => number) =>
    new Gauge({
      name,
      help,
      registers: [registry],
      collect() {
        this.set(read());
      },
    });
  gauge('consuma_pool_threads', 'Hashing threads in this process', () => pool.stats().threads);
  gauge('consuma_pool_busy_threads', 'Hashing threads running a task now', () => pool.stats().busyThreads);
  gauge(
    'consuma_pool_utilization_ratio',
    'Share of thread time spent hashing since start (0-1)',
    () => pool.stats().utilization,
  );
  gauge('consuma_pool_queued_tasks', 'Tasks waiting for a hashing thread', () => pool.stats().queuedTasks);
  gauge(
    'consuma_pool_completed_tasks',
    'Tasks finished by the pool since start',
    () => pool.stats().completedTasks,
  );
}
