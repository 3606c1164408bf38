import type { FastifyInstance } from 'fastify';
import type { Services } from '../api/services.js';
import { VERSION } from '../version.js';
import { installHttpMetrics } from './http-metrics.js';
import { createMetrics, type Metrics } from './registry.js';

/**
 * Gives an app its metrics: a registry of its own, the HTTP hooks, and a subscription to the queue's events
 * that ends when the app closes. Called by `buildApp` before the routes, so every route is measured.
 */
export function installMetrics(app: FastifyInstance, services: Services): Metrics {
  const metrics = createMetrics({ queue: services.queue, pool: services.pool, version: VERSION });
  installHttpMetrics(app, metrics);
  app.addHook('onClose', async () => metrics.close());
  return metrics;
}
