import os from 'node:os';
import { type Job, UnrecoverableError, Worker } from 'bullmq';
import { Redis } from 'ioredis';
import type { Logger } from 'pino';
import { WorkCancelledError } from '../engine/work.js';
import { PermanentJobError } from '../queue/job-errors.js';
import { type JobRecord, type StoredResult, toJobStatus } from '../queue/job-record.js';
import { bullConnection } from '../queue/redis/connection.js';
import { type JobData, recordFromRaw } from '../queue/redis/job-data.js';
import { QUEUE_NAME, QueueKeys } from '../queue/redis/keys.js';
import { CounterBuffer } from './counter-buffer.js';
import { jobsInFlight } from './in-flight.js';
import type { JobFinishedHook, Processor, WorkerHandle } from './processor.js';

/**
 * A BullMQ worker running queued seeds through a processor (the hash pool). It holds more jobs at once than
 * the pool has threads, so threads stay busy while a finished job's Redis round trips are in flight; how
 * many follows the measured job length (in-flight.ts). A job
 * whose worker dies is taken over by another after the lock expires (stalled-job check). It also keeps the
 * shared counters, hash-rate buckets and a heartbeat in Redis, and calls `onJobFinished` for every job that
 * is done or finally failed.
 */

export interface RedisWorkerOptions {
  readonly redisUrl: string;
  readonly prefix: string;
  readonly processor: Processor;
  /** Hashing threads behind the processor. */
  readonly threads: number;
  /** Jobs held at once at most; fewer while jobs are long. */
  readonly maxInFlight: number;
  readonly lockDurationMs: number;
  readonly stalledIntervalMs: number;
  readonly maxStalledCount: number;
  readonly onJobFinished?: JobFinishedHook;
  readonly logger?: Logger;
}

const HEARTBEAT_MS = 5000;

export class RedisJobWorker implements WorkerHandle {
  readonly concurrency: number;
  readonly id = `${os.hostname()}:${process.pid}:${Math.random().toString(36).slice(2, 8)}`;
  private readonly keys: QueueKeys;
  private readonly worker: Worker<JobData, StoredResult>;
  /** Counters and heartbeat: fire-and-forget writes that may wait for Redis to come back. */
  private readonly redis: Redis;
  private readonly heartbeat: NodeJS.Timeout;
  private readonly hooks = new Set<Promise<void>>();
  private readonly counters: CounterBuffer;
  /** Smoothed hashing time of recent jobs, which sets how many jobs to hold. */
  private meanJobMs: number | null = null;

  constructor(private readonly options: RedisWorkerOptions) {
    this.concurrency = options.maxInFlight;
    this.keys = new QueueKeys(options.prefix);
    this.redis = new Redis(options.redisUrl, { maxRetriesPerRequest: null });
    this.redis.on('error', () => {});
    this.counters = new CounterBuffer(this.redis, this.keys);
    this.worker = new Worker<JobData, StoredResult>(
      QUEUE_NAME,
      (job, _token, signal) => this.process(job, signal),
      {
        connection: bullConnection(options.redisUrl),
        prefix: options.prefix,
        name: this.id,
        concurrency: jobsInFlight(options.threads, null, options.maxInFlight),
        lockDuration: options.lockDurationMs,
        stalledInterval: options.stalledIntervalMs,
        maxStalledCount: options.maxStalledCount,
      },
    );
    this.worker.on('completed', (job, result) => this.completed(job, result));
    this.worker.on('failed', (job, error) => this.failed(job, error));
    this.worker.on('stalled', () => this.counters.count('retried'));
    this.worker.on('error', (error) => options.logger?.warn({ err: error }, 'queue worker error'));
    this.heartbeat = setInterval(() => this.beat(), HEARTBEAT_MS);
    this.heartbeat.unref();
    this.beat();
  }

  /** Resolves once the worker is connected and taking jobs. */
  async ready(): Promise<void> {
    await this.worker.waitUntilReady();
  }

  async close(): Promise<void> {
    clearInterval(this.heartbeat);
    // Without `force`, BullMQ stops fetching and waits for every job in flight to finish.
    await this.worker.close();
    await Promise.allSettled([...this.hooks]);
    await this.counters.close();
    await this.redis.zrem(this.keys.workers, this.id).catch(() => {});
    await this.redis.quit().catch(() => {});
  }

  private async process(
    job: Job<JobData, StoredResult>,
    signal: AbortSignal | undefined,
  ): Promise<StoredResult> {
    const { seed, difficulty, algorithm } = job.data;
    const t0 = performance.now();
    try {
      const result = await this.options.processor(
        { seed, difficulty, algorithm },
        signal ?? new AbortController().signal,
      );
      return {
        hash: result.hash,
        nonce: result.nonce,
        latencyMs: result.latencyMs,
        processingTimeMs: performance.now() - t0,
        engine: result.engine,
      };
    } catch (error) {
      if (error instanceof PermanentJobError) throw new UnrecoverableError(error.message);
      if (error instanceof WorkCancelledError)
        throw new Error('hashing was cancelled (worker shutting down)');
      throw error;
    }
  }

  private completed(job: Job<JobData, StoredResult>, result: StoredResult): void {
    this.counters.count('completed');
    this.counters.count('hashSteps', result.nonce);
    this.counters.hashed(result.nonce);
    this.adaptInFlight(result.latencyMs);
    this.finished(job, 'completed', result, null);
  }

  private adaptInFlight(jobMs: number): void {
    this.meanJobMs = this.meanJobMs === null ? jobMs : this.meanJobMs + 0.2 * (jobMs - this.meanJobMs);
    this.worker.concurrency = jobsInFlight(this.options.threads, this.meanJobMs, this.options.maxInFlight);
  }

  private failed(job: Job<JobData, StoredResult> | undefined, error: Error): void {
    // BullMQ sets finishedOn only when the job is failed for good; otherwise it will be retried.
    const final = job?.finishedOn !== undefined;
    this.counters.count(final ? 'failed' : 'retried');
    if (job && final) this.finished(job, 'failed', null, error.message);
  }

  private finished(
    job: Job<JobData, StoredResult>,
    state: 'completed' | 'failed',
    result: StoredResult | null,
    error: string | null,
  ): void {
    const hook = this.options.onJobFinished;
    if (!hook || job.id === undefined) return;
    const record: JobRecord = recordFromRaw({
      requestId: job.id,
      state,
      data: job.data,
      result,
      failedReason: error,
      attemptsMade: job.attemptsMade,
      attemptsStarted: job.attemptsStarted,
      processedOn: job.processedOn ?? null,
      finishedOn: job.finishedOn ?? Date.now(),
      callback: null,
    });
    const pending: Promise<void> = Promise.resolve()
      .then(() => hook(toJobStatus(record)))
      .catch((err: unknown) =>
        this.options.logger?.warn({ err, requestId: job.id }, 'onJobFinished hook failed'),
      )
      .finally(() => this.hooks.delete(pending));
    this.hooks.add(pending);
  }

  private beat(): void {
    const now = Date.now();
    this.redis
      .pipeline()
      .zadd(this.keys.workers, now, this.id)
      .zremrangebyscore(this.keys.workers, '-inf', now - 60_000)
      .exec()
      .catch(() => {});
  }
}
