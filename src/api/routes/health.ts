import type { FastifyInstance } from 'fastify';
import { type Health, HealthSchema } from '../../schemas/health.js';
import type { Services } from '../services.js';

/** Liveness plus the facts an operator checks first. Answers even when Redis is down (queue.reachable says so). */
export function healthRoutes(app: FastifyInstance, services: Services, version: string): void {
  app.route({
    method: ['GET', 'HEAD'],
    url: '/api/health',
    schema: { tags: ['service'], summary: 'Service health', response: { 200: HealthSchema } },
    handler: async (): Promise<Health> => {
      const t0 = performance.now();
      const reachable = await services.queue.ping();
      const pool = services.pool.stats();
      return {
        status: 'ok',
        service: 'consuma',
        timestamp: Date.now(),
        version,
        mode: services.queue.mode,
        engine: services.pool.engineName,
        uptimeMs: Date.now() - services.startedAtMs,
        pool: { threads: pool.threads, busyThreads: pool.busyThreads, utilization: pool.utilization },
        queue: { reachable, pingMs: reachable ? performance.now() - t0 : null },
      };
    },
  });
}
