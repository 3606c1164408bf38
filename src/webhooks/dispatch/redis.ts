import { DelayedError, type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import type { Logger } from 'pino';
import type { JobQueue } from '../../queue/contract.js';
import { bullConnection, withTimeout } from '../../queue/redis/connection.js';
import { RedisQueue } from '../../queue/redis/redis-queue.js';
import type { JobStatus } from '../../schemas/status.js';
import { initialDeliveryState } from '../deliver.js';
import { backoffDelayMs } from '../retry-policy.js';
import { type AttemptSettings, attemptDelivery, type Delivery, newDelivery, reportOf } from './attempt.js';
import type { CallbackDispatcher } from './contract.js';
import { CallbackReconciler } from './reconciler.js';

/**
 * Webhook deliveries on their own BullMQ queue (`<prefix>:callbacks:*`), separate from the hashing queue,
 * with their own worker and concurrency: a slow receiver occupies a delivery slot, never a hashing one.
 * One BullMQ job per webhook (job id = request id, so a job finished twice is delivered once); each run of
 * it is one attempt. A retry is a BullMQ retry whose delay is the one `decide` computed (backoff with
 * jitter, at least the receiver's Retry-After), handed over through the thrown error; a final failure is
 * unrecoverable. Pending deliveries live in Redis and survive restarts of every process, and a webhook
 * whose worker died before scheduling it is scheduled by the reconciler of any other worker process.
 */

export const CALLBACK_QUEUE_NAME = 'callbacks';
const JOB_NAME = 'deliver';
const BACKOFF_TYPE = 'webhook';
const DEFAULT_RECONCILE = { intervalMs: 10_000, graceMs: 10_000 };
/** A dispatch waits this long for Redis before giving up (the hook's caller logs the failure). */
const DISPATCH_TIMEOUT_MS = 10_000;

export interface RedisDispatcherOptions {
  readonly redisUrl: string;
  readonly prefix: string;
  readonly queue: JobQueue;
  readonly settings: AttemptSettings;
  readonly concurrency: number;
  readonly maxRetries: number;
  /** How long finished delivery jobs stay in Redis (the results' TTL). */
  readonly keepSeconds: number;
  /** Sweep for webhooks a dead worker never scheduled (reconciler.ts). Default every 10 s, 10 s grace. */
  readonly reconcile?: {
    readonly intervalMs: number;
    readonly graceMs: number;
    readonly sweepLimit?: number;
  };
  readonly logger?: Logger;
}

/** Thrown to ask BullMQ for a retry after exactly `delayMs`. */
class RetryLater extends Error {
  constructor(
    readonly delayMs: number,
    reason: string,
  ) {
    super(reason);
    this.name = 'RetryLater';
  }
}

export class RedisDispatcher implements CallbackDispatcher {
  readonly mode = 'redis' as const;
  private producer: Queue<Delivery> | null = null;
  private worker: Worker<Delivery> | null = null;
  private reconciler: CallbackReconciler | null = null;
  private closed = false;

  constructor(private readonly options: RedisDispatcherOptions) {}

  async dispatch(status: JobStatus, callbackUrl: string): Promise<void> {
    if (this.closed) throw new Error('webhook dispatcher closed');
    const delivery = newDelivery(status, callbackUrl, this.options.maxRetries);
    const keep = { age: this.options.keepSeconds };
    const added = this.queue().add(JOB_NAME, delivery, {
      jobId: delivery.requestId,
      attempts: 1 + delivery.maxRetries,
      backoff: { type: BACKOFF_TYPE },
      removeOnComplete: keep,
      removeOnFail: keep,
    });
    await withTimeout(added, DISPATCH_TIMEOUT_MS, 'Redis is unreachable; the webhook was not scheduled');
  }

  async start(): Promise<void> {
    if (this.worker || this.closed) return;
    const { settings, logger } = this.options;
    const worker = new Worker<Delivery>(
      CALLBACK_QUEUE_NAME,
      (job, token, signal) => this.process(job, token, signal),
      {
        connection: bullConnection(this.options.redisUrl),
        prefix: this.options.prefix,
        concurrency: this.options.concurrency,
        settings: {
          backoffStrategy: (attemptsMade, _type, err) =>
            err instanceof RetryLater
              ? err.delayMs
              : backoffDelayMs(attemptsMade, { maxRetries: 0, baseDelayMs: settings.retryBaseMs }),
        },
      },
    );
    worker.on('error', (err) => logger?.warn({ err }, 'webhook delivery worker error'));
    this.worker = worker;
    await worker.waitUntilReady();
    if (this.options.queue instanceof RedisQueue) {
      this.reconciler = new CallbackReconciler({
        queue: this.options.queue,
        schedule: (status, url) => this.dispatch(status, url),
        ...(this.options.reconcile ?? DEFAULT_RECONCILE),
        ...(logger ? { logger } : {}),
      });
      this.reconciler.start();
    }
  }

  async close(): Promise<void> {
    await this.reconciler?.close();
    this.reconciler = null;
    this.closed = true;
    const worker = this.worker;
    this.worker = null;
    if (worker) {
      // Attempts in flight are cut short and handed back to Redis (see `process`), not waited for.
      worker.cancelAllJobs('shutting down');
      await worker.close();
    }
    await this.producer?.close();
    this.producer = null;
  }

  private queue(): Queue<Delivery> {
    if (!this.producer) {
      this.producer = new Queue<Delivery>(CALLBACK_QUEUE_NAME, {
        connection: bullConnection(this.options.redisUrl),
        prefix: this.options.prefix,
      });
      this.producer.on('error', (err) =>
        this.options.logger?.warn({ err }, 'webhook delivery queue connection error'),
      );
    }
    return this.producer;
  }

  /** One attempt; the BullMQ job's `attemptsMade` is the number of attempts before this one. */
  private async process(job: Job<Delivery>, token?: string, signal?: AbortSignal): Promise<void> {
    const delivery = job.data;
    const before = { ...initialDeliveryState(delivery.url), attempts: job.attemptsMade };
    const result = await attemptDelivery(delivery, before, this.options.settings, signal);
    if (signal?.aborted && result.outcome.kind === 'error' && result.outcome.code === 'aborted') {
      // Shutdown, not the receiver's answer: back to Redis at once, without spending an attempt.
      if (token) await job.moveToDelayed(Date.now(), token);
      throw new DelayedError();
    }
    await this.options.queue.reportCallback(reportOf(delivery, result)).catch((err: unknown) => {
      this.options.logger?.warn({ err, requestId: delivery.requestId }, 'could not record webhook progress');
    });
    const decision = result.decision;
    if (decision.action === 'fail') throw new UnrecoverableError(decision.reason);
    if (decision.action === 'retry') throw new RetryLater(decision.delayMs, decision.reason);
  }
}
