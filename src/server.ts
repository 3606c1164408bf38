import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import type { Services } from './api/services.js';
import type { Config } from './config/config.js';
import { HashPool } from './pool/pool.js';
import { createQueue, startWorkers } from './queue/index.js';
import { failFastOptions } from './queue/redis/connection.js';
import { createDispatcher, dispatchOnFinish } from './webhooks/dispatch/index.js';
import { WebhookInbox } from './webhooks/inbox.js';
import type { WorkerHandle } from './worker/processor.js';

/**
 * The composition root: turns a Config into the running parts the HTTP app needs (pool, queue, optional
 * in-process workers, rate-limit store, webhook inbox) and knows how to stop them in the right order.
 * `consuma serve` and the tests both build services here, so tests exercise the production wiring.
 */

export interface ServicesOptions {
  /** Run queue workers in this process (`consuma serve` without --no-worker). */
  readonly runWorkers: boolean;
  readonly logger: Logger | false;
}

export interface RunningServices {
  readonly services: Services;
  readonly workers: WorkerHandle | null;
  close(): Promise<void>;
}

export async function createServices(config: Config, options: ServicesOptions): Promise<RunningServices> {
  const logger = options.logger || undefined;
  const pool = await HashPool.create({ threads: config.workerConcurrency, engine: config.hashEngine });
  const queue = createQueue(config);
  // Webhook deliveries run wherever jobs finish, on their own consumers (a separate queue in Redis mode).
  const dispatcher = options.runWorkers ? createDispatcher(config, queue, logger ? { logger } : {}) : null;
  await dispatcher?.start();
  const workers = dispatcher
    ? await startWorkers(config, queue, {
        pool,
        onJobFinished: dispatchOnFinish(dispatcher),
        ...(logger ? { logger } : {}),
      })
    : null;
  const rateLimitRedis = config.rateLimitRedisUrl ? connectRateLimitStore(config.rateLimitRedisUrl) : null;
  const services: Services = {
    config,
    pool,
    queue,
    rateLimitRedis,
    inbox: new WebhookInbox({ secret: config.webhookSecret }),
    startedAtMs: Date.now(),
  };
  return {
    services,
    workers,
    async close() {
      // Workers first: they finish in-flight jobs, which still need the queue and the pool.
      await workers?.close();
      // Then deliveries: after the workers, whose last finished jobs still dispatch webhooks.
      await dispatcher?.close();
      await queue.close();
      rateLimitRedis?.disconnect();
      await pool.close();
    },
  };
}

/**
 * The rate-limit connection must never make a request wait for Redis: the queue's fail-fast settings (no
 * offline queue, one retry) with a tighter command timeout, so the limiter fails open at once during an outage.
 */
function connectRateLimitStore(url: string): Redis {
  return new Redis(url, { ...failFastOptions(), commandTimeout: 1000 });
}
