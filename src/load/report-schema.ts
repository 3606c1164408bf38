import { type Static, Type } from 'typebox';

/**
 * The documented shape of `consuma load --json` (one object), as a TypeBox schema so tests and the dashboard
 * check the same contract. Latencies are milliseconds; `statusCodes` keys are HTTP codes ("200", "429", …)
 * or `error:<name>` for requests that got no answer, and they always sum to `requests`.
 */

export const PercentilesSchema = Type.Object({
  count: Type.Integer(),
  p50: Type.Number(),
  p90: Type.Number(),
  p99: Type.Number(),
  max: Type.Number(),
  mean: Type.Number(),
});

const StatusCountsSchema = Type.Record(Type.String(), Type.Integer());

export const KindReportSchema = Type.Object({
  requests: Type.Integer(),
  statusCodes: StatusCountsSchema,
  latencyMs: PercentilesSchema,
  okLatencyMs: PercentilesSchema,
});

export const LoadReportSchema = Type.Object({
  target: Type.String(),
  mode: Type.Enum(['sync', 'async', 'mixed', 'health']),
  loop: Type.Enum(['closed', 'open']),
  concurrency: Type.Union([Type.Integer(), Type.Null()]),
  rate: Type.Union([Type.Number(), Type.Null()]),
  seedsPerRequest: Type.Integer(),
  difficulty: Type.Integer(),
  algorithm: Type.String(),
  interrupted: Type.Boolean(),
  durationS: Type.Number({ description: 'Seconds spent sending.' }),
  elapsedS: Type.Number({
    description: 'Seconds until the last counted work finished (includes the async drain).',
  }),
  requests: Type.Integer({ description: 'Finished requests; equals the sum of statusCodes.' }),
  throughput: Type.Number({ description: 'requests / durationS.' }),
  statusCodes: StatusCountsSchema,
  rateLimited: Type.Integer({ description: 'Answers with status 429.' }),
  backpressured: Type.Integer({ description: 'Answers with status 503.' }),
  errors: Type.Integer({ description: 'Requests with no HTTP answer (refused, reset, timeout).' }),
  latencyMs: PercentilesSchema,
  okLatencyMs: PercentilesSchema,
  kinds: Type.Partial(
    Type.Object({ health: KindReportSchema, sync: KindReportSchema, async: KindReportSchema }),
  ),
  seedsCompleted: Type.Integer(),
  hashesPerSecond: Type.Number({ description: 'seedsCompleted × difficulty × 50,000 / elapsedS.' }),
  jobs: Type.Optional(
    Type.Object({
      enqueued: Type.Integer(),
      completed: Type.Integer(),
      failed: Type.Integer(),
      pending: Type.Integer({ description: 'Still unfinished when the drain ended.' }),
    }),
  ),
  jobLatencyMs: Type.Optional(PercentilesSchema),
  jobEndToEndMs: Type.Optional(PercentilesSchema),
});
export type LoadReport = Static<typeof LoadReportSchema>;
export type KindReport = Static<typeof KindReportSchema>;
