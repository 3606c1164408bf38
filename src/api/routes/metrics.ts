import type { FastifyInstance } from 'fastify';
import type { Metrics } from '../../metrics/registry.js';

/**
 * GET /metrics: this process's registry in the Prometheus text format. Queue-wide values come from the
 * shared queue, so in Redis mode any API process reports them (see docs/performance.md for scraping).
 */
export function metricsRoutes(app: FastifyInstance, metrics: Metrics): void {
  app.get(
    '/metrics',
    {
      schema: {
        tags: ['service'],
        summary: 'Prometheus metrics (text exposition format)',
        produces: [metrics.registry.contentType],
      },
    },
    async (_request, reply) => {
      const text = await metrics.registry.metrics();
      return reply.type(metrics.registry.contentType).send(text);
    },
  );
}
