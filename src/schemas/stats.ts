import { type Static, Type } from 'typebox';

/**
 * `GET /api/stats`: the dashboard's live numbers — queue depth, workers, lifetime counters, pool, and
 * throughput and latency percentiles over recent windows. The dashboard imports `Stats` from here.
 */

const NullableNumber = Type.Union([Type.Number(), Type.Null()]);

const LatencySchema = Type.Object(
  { p50: NullableNumber, p95: NullableNumber, p99: NullableNumber },
  { description: 'Milliseconds; null when the window has no samples. Within 2 % of the exact value.' },
);

export const StatsWindowSchema = Type.Object({
  seconds: Type.Integer({ description: 'Window length: the last N seconds.' }),
  jobs: Type.Object({
    completed: Type.Integer(),
    failed: Type.Integer(),
    perSecond: Type.Number({ description: 'Completed jobs per second.' }),
    hashesPerSecond: Type.Number({ description: 'Hash steps of completed jobs per second.' }),
    latencyMs: LatencySchema,
    waitMs: LatencySchema,
  }),
  sync: Type.Object({
    requests: Type.Integer({ description: 'Successful sync requests answered by this process.' }),
    perSecond: Type.Number(),
    hashesPerSecond: Type.Number(),
    latencyMs: LatencySchema,
  }),
});
export type StatsWindow = Static<typeof StatsWindowSchema>;

export const QueueDepthSchema = Type.Object({
  waiting: Type.Integer(),
  active: Type.Integer(),
  delayed: Type.Integer(),
  completed: Type.Integer(),
  failed: Type.Integer(),
});

export const LifetimeCountersSchema = Type.Object({
  enqueued: Type.Integer(),
  completed: Type.Integer(),
  failed: Type.Integer(),
  retried: Type.Integer(),
  hashSteps: Type.Number(),
  callbacksDelivered: Type.Integer(),
  callbacksFailed: Type.Integer(),
  callbacksRetried: Type.Integer(),
});

export const StatsSchema = Type.Object({
  timestamp: Type.Number(),
  mode: Type.Enum(['embedded', 'redis']),
  engine: Type.String(),
  uptimeMs: Type.Number(),
  queue: Type.Object({
    reachable: Type.Boolean({ description: 'false when queue stats could not be read (Redis down).' }),
    depth: Type.Union([QueueDepthSchema, Type.Null()]),
    workers: Type.Union([Type.Integer(), Type.Null()]),
    oldestWaitingAgeMs: NullableNumber,
    hashRate: Type.Union([Type.Number(), Type.Null()], {
      description: 'Hash steps/s recently measured by workers.',
    }),
  }),
  counters: Type.Union([LifetimeCountersSchema, Type.Null()], {
    description: 'Lifetime totals of the whole queue (shared across processes in Redis mode).',
  }),
  pool: Type.Object({
    threads: Type.Integer(),
    busyThreads: Type.Integer(),
    utilization: Type.Number(),
    queuedTasks: Type.Integer(),
    completedTasks: Type.Integer(),
  }),
  refusals: Type.Object(
    { rateLimited: Type.Integer(), backpressure: Type.Integer() },
    { description: 'Requests this process refused since start: 429 rate limit, 503 queue full/unavailable.' },
  ),
  windows: Type.Array(StatsWindowSchema, { description: 'Last 10 s, 1 min and 5 min.' }),
});
export type Stats = Static<typeof StatsSchema>;
