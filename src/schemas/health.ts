import { type Static, Type } from 'typebox';

/** `GET /api/health`: liveness plus mode, engine, pool and queue reachability. */
export const HealthSchema = Type.Object({
  status: Type.Literal('ok'),
  service: Type.Literal('consuma'),
  timestamp: Type.Number(),
  version: Type.String(),
  mode: Type.Enum(['embedded', 'redis']),
  engine: Type.String({
    description: 'Hash engine in use: native (OpenSSL in C) or js (node:crypto fallback).',
  }),
  uptimeMs: Type.Number(),
  pool: Type.Object({ threads: Type.Integer(), busyThreads: Type.Integer(), utilization: Type.Number() }),
  queue: Type.Object({ reachable: Type.Boolean(), pingMs: Type.Union([Type.Number(), Type.Null()]) }),
});
export type Health = Static<typeof HealthSchema>;
