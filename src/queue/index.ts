import type { Logger } from 'pino';
import type { Config } from '../config/config.js';
import type { HashPool } from '../pool/pool.js';
import { DEFAULT_IN_FLIGHT_PER_THREAD } from '../worker/in-flight.js';
import {
  type JobFinishedHook,
  type Processor,
  poolProcessor,
  type WorkerHandle,
} from '../worker/processor.js';
import { RedisJobWorker } from '../worker/redis-worker.js';
import type { JobQueue } from './contract.js';
import { EmbeddedQueue } from './embedded/embedded-queue.js';
import { RedisQueue } from './redis/redis-queue.js';

/**
 * Picks the queue for the configuration (REDIS_URL set → BullMQ on Redis, else embedded) and starts
 * in-process workers on it. `consuma serve` calls both (not `startWorkers` with --no-worker);
 * `consuma worker` only starts workers (Redis mode).
 */

export interface QueueFactoryOptions {
  /** First retry delay of a failed attempt (later ones double, with jitter). Default 1 s. */
  readonly retryBaseMs?: number;
}

export function createQueue(config: Config, options: QueueFactoryOptions = {}): JobQueue {
  const common = {
    resultTtlSeconds: config.queue.resultTtlSeconds,
    jobAttempts: config.queue.jobAttempts,
    ...(options.retryBaseMs !== undefined ? { retryBaseMs: options.retryBaseMs } : {}),
  };
  if (config.redisUrl === null) return new EmbeddedQueue(common);
  return new RedisQueue({ ...common, redisUrl: config.redisUrl, prefix: config.queue.prefix });
}

export interface StartWorkersOptions {
  /** The hash pool, or any processor (tests inject failures this way). */
  readonly pool?: HashPool;
  readonly processor?: Processor;
  /**
   * Jobs in flight at once. Default: embedded → pool threads; Redis → up to 8 × threads, adapted to the
   * job length (see worker/in-flight.ts), to hide Redis round trips.
   */
  readonly concurrency?: number;
  readonly onJobFinished?: JobFinishedHook;
  readonly logger?: Logger;
}

export async function startWorkers(
  config: Config,
  queue: JobQueue,
  options: StartWorkersOptions,
): Promise<WorkerHandle> {
  const processor = options.processor ?? (options.pool ? poolProcessor(options.pool) : null);
  if (!processor) throw new Error('startWorkers needs a pool or a processor');
  const threads = options.pool?.threads ?? config.workerConcurrency;
  const hook = options.onJobFinished ? { onJobFinished: options.onJobFinished } : {};
  if (queue instanceof EmbeddedQueue) {
    return queue.startWorkers({ processor, concurrency: options.concurrency ?? threads, ...hook });
  }
  if (config.redisUrl === null) throw new Error('a Redis queue needs config.redisUrl');
  const worker = new RedisJobWorker({
    redisUrl: config.redisUrl,
    prefix: config.queue.prefix,
    processor,
    threads,
    maxInFlight: options.concurrency ?? DEFAULT_IN_FLIGHT_PER_THREAD * threads,
    lockDurationMs: config.queue.lockDurationMs,
    stalledIntervalMs: config.queue.stalledIntervalMs,
    maxStalledCount: config.queue.maxStalledCount,
    ...hook,
    ...(options.logger ? { logger: options.logger } : {}),
  });
  await worker.ready();
  return worker;
}

export { type JobQueue, QueueUnavailableError } from './contract.js';
export { PermanentJobError } from './job-errors.js';
