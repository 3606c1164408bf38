import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../metrics/registry.js';
import { buildStats } from '../../metrics/stats.js';
import { type Stats, StatsSchema } from '../../schemas/stats.js';
import type { Services } from '../services.js';

/** GET /api/stats: the dashboard's live numbers (queue, workers, counters, pool, recent windows). */
export function statsRoutes(app: FastifyInstance, services: Services, metrics: Metrics): void {
  app.get(
    '/api/stats',
    {
      schema: {
        tags: ['service'],
        summary: 'Queue depth, workers, throughput and latency percentiles over recent windows',
        response: { 200: StatsSchema },
      },
    },
    async (): Promise<Stats> =>
      buildStats({
        metrics,
        pool: services.pool,
        mode: services.queue.mode,
        startedAtMs: services.startedAtMs,
      }),
  );
}
