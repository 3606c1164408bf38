import { createHash, timingSafeEqual } from 'node:crypto';
import cors from '@fastify/cors';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Config } from '../../config/config.js';
import { ApiError } from '../errors.js';

/**
 * Who may call: CORS for browsers (CORS_ORIGINS) and the API key (X-API-Key) for everyone. Health, docs,
 * the dashboard and the webhook inbox stay open so a load balancer and a first-time visitor can reach them.
 */
export async function registerAccess(app: FastifyInstance, config: Config): Promise<void> {
  await app.register(cors, {
    origin: config.corsOrigins === '*' ? '*' : [...config.corsOrigins],
    methods: ['GET', 'HEAD', 'POST', 'OPTIONS'],
    allowedHeaders: ['Content-Type', 'X-API-Key'],
    exposedHeaders: ['Retry-After', 'X-RateLimit-Limit', 'X-RateLimit-Remaining', 'X-RateLimit-Reset'],
    maxAge: 600,
  });

  const key = config.apiKey;
  if (key === null) return;
  const expected = digest(key);
  app.addHook('onRequest', async (request) => {
    if (!needsKey(request)) return;
    const given = request.headers['x-api-key'];
    // Compare fixed-length digests so neither the content nor the length of the key leaks through timing.
    if (typeof given !== 'string' || !timingSafeEqual(digest(given), expected)) {
      throw new ApiError(
        'unauthorized',
        'missing or wrong X-API-Key header; send the API key configured on the server',
      );
    }
  });
}

function digest(value: string): Buffer {
  return createHash('sha256').update(value).digest();
}

/**
 * Decided on the route the router matched, not on the raw URL: the router decodes `%61pi/sync` to `api/sync`,
 * so a check on the raw text could be walked around by percent-encoding. A request that matched no route gets
 * a 404 either way; it is checked on its decoded path so unknown paths under /api say nothing without a key.
 */
function needsKey(request: FastifyRequest): boolean {
  if (request.method === 'OPTIONS') return false;
  const path = request.routeOptions.url ?? decodedPath(request.url);
  if (path === null) return true;
  if (!path.startsWith('/api/')) return path === '/metrics';
  return !(path === '/api/health' || path.startsWith('/api/webhooks/inbox/'));
}

function decodedPath(url: string): string | null {
  try {
    return decodeURIComponent(url.split('?')[0] ?? '');
  } catch {
    return null;
  }
}
