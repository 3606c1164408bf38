import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Metrics } from './registry.js';

/**
 * Fastify hooks feeding the metrics: every response is timed under its route *pattern* (so ids in paths
 * do not explode label cardinality), 429/503 answers are counted by the catalogue code that caused them,
 * and successful sync requests feed the sync window with their work. The SSE stream is left out of the
 * duration histogram: its "duration" is how long a dashboard stayed open.
 */

const UNMATCHED = '(unmatched)';
const LONG_LIVED = new Set(['/api/events']);

export function installHttpMetrics(app: FastifyInstance, metrics: Metrics): void {
  // The error code that produced a refusal is only visible in onError; remember it for onResponse.
  const codes = new WeakMap<FastifyRequest, string>();

  app.addHook('onError', async (request, _reply, error) => {
    const code = (error as { code?: unknown }).code;
    if (typeof code === 'string') codes.set(request, code);
  });

  app.addHook('onResponse', async (request, reply) => {
    const route = request.routeOptions.url ?? UNMATCHED;
    const status = reply.statusCode;
    if (!LONG_LIVED.has(route)) metrics.observeRequest(request.method, route, status, reply.elapsedTime);
    if (status === 429 || status === 503) {
      metrics.countRefusal(route, codes.get(request) ?? (status === 429 ? 'rate_limited' : 'unavailable'));
    }
    if (route === '/api/sync' && status === 200) {
      const body = request.body as { seeds?: unknown; difficulty?: unknown } | undefined;
      const seeds = Array.isArray(body?.seeds) ? body.seeds.length : 0;
      const difficulty = typeof body?.difficulty === 'number' ? body.difficulty : 1;
      metrics.observeSync(reply.elapsedTime, seeds, difficulty);
    }
  });
}
