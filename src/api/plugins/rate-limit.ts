import { createHash } from 'node:crypto';
import rateLimit from '@fastify/rate-limit';
import type { FastifyInstance, FastifyRequest } from 'fastify';
import type { Redis } from 'ioredis';
import type { Config, RateLimitRule } from '../../config/config.js';
import { ApiError } from '../errors.js';

export type LimitClass = keyof Config['rateLimits'];

/**
 * Per-client, per-endpoint-class fixed windows (SPEC §3). With Redis the counters are shared by every API
 * process; if Redis fails, `skipOnError` serves the request (fail open) and the outage is logged once.
 * The client is the API key when one is configured, else the IP that Fastify derived under TRUST_PROXY.
 */
export async function registerRateLimit(
  app: FastifyInstance,
  config: Config,
  redis: Redis | null,
): Promise<void> {
  await app.register(rateLimit, {
    global: false,
    redis: redis ?? undefined,
    nameSpace: `${config.queue.prefix}:ratelimit:`,
    skipOnError: true,
    keyGenerator: (request: FastifyRequest) => clientKey(request, config),
    errorResponseBuilder: (_request, context) => {
      const seconds = Math.max(1, Math.ceil(context.ttl / 1000));
      return new ApiError(
        'rate_limited',
        `rate limit of ${context.max} requests per ${context.after} exceeded; retry in ${seconds} s`,
        { retryAfterSeconds: seconds, limit: context.max },
        { 'retry-after': String(seconds) },
      );
    },
  });
  if (redis) {
    let healthy = true;
    redis.on('error', (error: Error) => {
      if (healthy)
        app.log.warn(
          { err: error.message },
          'rate-limit Redis unreachable: limits fail open until it returns',
        );
      healthy = false;
    });
    redis.on('ready', () => {
      if (!healthy) app.log.info('rate-limit Redis reachable again');
      healthy = true;
    });
  }
}

/** Route options applying one endpoint class's rule (each route keeps its own counter). */
export function limitFor(config: Config, limitClass: LimitClass) {
  const rule: RateLimitRule = config.rateLimits[limitClass];
  return { rateLimit: { max: rule.max, timeWindow: rule.windowSeconds * 1000 } };
}

function clientKey(request: FastifyRequest, config: Config): string {
  const key = request.headers['x-api-key'];
  // Only a request that passed the key check gets here, so the key names the client; store a digest of it.
  if (config.apiKey !== null && typeof key === 'string')
    return `key:${createHash('sha256').update(key).digest('hex').slice(0, 16)}`;
  return `ip:${request.ip}`;
}
