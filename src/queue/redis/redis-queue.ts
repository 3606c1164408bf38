import type { Redis } from 'ioredis';
import { iterationsFor } from '../../engine/algorithms.js';
import type { JobStatus } from '../../schemas/status.js';
import { DEFAULT_RETRY_BASE_MS, RETRY_JITTER } from '../backoff.js';
import type { CallbackReport, EnqueueBatch, JobEventListener, JobQueue, QueueStats } from '../contract.js';
import { estimateStartAtMs, rateFromBuckets } from '../hash-rate.js';
import { notFoundStatus, toJobStatus } from '../job-record.js';
import { defineRecordCallback, recordCallback } from './callback-script.js';
import { connectFailFast, guarded } from './connection.js';
import { defineEnqueue, enqueueBatch } from './enqueue-script.js';
import { RedisEventFeed } from './event-feed.js';
import { recordFromRaw } from './job-data.js';
import { QueueKeys } from './keys.js';
import { readQueueStats } from './queue-stats.js';
import { defineReadJobs, readJobs } from './status-script.js';

/**
 * The BullMQ-backed queue as the API sees it. Every call is one round trip: `enqueue` adds all jobs, the
 * batch's member list and the counter in one atomic script; `getStatuses` is one script for all ids. Calls fail
 * within ~2 s with QueueUnavailableError while Redis is away and work again once it is back.
 */

export interface RedisQueueOptions {
  readonly redisUrl: string;
  readonly prefix: string;
  readonly resultTtlSeconds: number;
  readonly jobAttempts: number;
  readonly retryBaseMs?: number;
}

/** The shape of the request ids `POST /api/async` issues (crypto.randomUUID). */
const REQUEST_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/;

/** A batch's member list outlives its results by this much, to cover the time its jobs wait in line. */
const BATCH_EXTRA_TTL_SECONDS = 86_400;

export class RedisQueue implements JobQueue {
  readonly mode = 'redis' as const;
  readonly keys: QueueKeys;
  private readonly redis: Redis;
  private readonly feed: RedisEventFeed;

  constructor(private readonly options: RedisQueueOptions) {
    this.keys = new QueueKeys(options.prefix);
    this.redis = connectFailFast(options.redisUrl);
    defineReadJobs(this.redis);
    defineEnqueue(this.redis);
    defineRecordCallback(this.redis);
    this.feed = new RedisEventFeed({
      redisUrl: options.redisUrl,
      prefix: options.prefix,
      readStatuses: (ids) => this.getStatuses(ids),
      streamNow: async () => {
        const [seconds, micros] = await guarded(this.redis, () => this.redis.time());
        // One ms early: XREAD returns ids strictly after this one, and an entry of this very ms is `<ms>-0`.
        return `${Number(seconds) * 1000 + Math.floor(Number(micros) / 1000) - 1}-0`;
      },
    });
  }

  async enqueue(batch: EnqueueBatch): Promise<void> {
    const ttl = this.options.resultTtlSeconds;
    await guarded(this.redis, () =>
      enqueueBatch(this.redis, this.keys, batch, {
        jobOptions: {
          attempts: this.options.jobAttempts,
          backoff: {
            type: 'exponential',
            delay: this.options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS,
            jitter: RETRY_JITTER,
          },
          removeOnComplete: { age: ttl },
          removeOnFail: { age: ttl },
        },
        batchTtlSeconds: ttl + BATCH_EXTRA_TTL_SECONDS,
      }),
    );
  }

  async waitingCount(): Promise<number> {
    return guarded(this.redis, async () => {
      const replies = await this.redis
        .pipeline()
        .llen(`${this.keys.base}wait`)
        .zcard(`${this.keys.base}prioritized`)
        .exec();
      return (replies ?? []).reduce((sum, [error, value]) => {
        if (error) throw error;
        return sum + Number(value);
      }, 0);
    });
  }

  async getStatuses(requestIds: readonly string[]): Promise<JobStatus[]> {
    // Job ids are the UUIDs this service issued. Anything else is not_found without asking Redis: a job key
    // is `<prefix>:<id>`, so an id like `events` or `wait` would name one of BullMQ's own keys.
    const lookups = requestIds.filter((id) => REQUEST_ID.test(id));
    if (lookups.length === 0) return requestIds.map(notFoundStatus);
    const now = Date.now();
    const read = await guarded(this.redis, () => readJobs(this.redis, this.keys, lookups, now));
    const byId = new Map(lookups.map((id, i) => [id, read.jobs[i]]));
    const rate = rateFromBuckets(read.rateBuckets);
    const ttlMs = this.options.resultTtlSeconds * 1000;
    return requestIds.map((id) => {
      const raw = byId.get(id);
      if (!raw) return notFoundStatus(id);
      // BullMQ removes aged results only when later jobs finish; the TTL is enforced here, exactly.
      if (
        raw.finishedOn !== null &&
        (raw.state === 'completed' || raw.state === 'failed') &&
        raw.finishedOn + ttlMs <= now
      ) {
        return notFoundStatus(id);
      }
      const position = read.positions.get(id);
      if (position === undefined) return toJobStatus(recordFromRaw(raw));
      // Jobs ahead are assumed to cost what this one costs (their sizes are not read, to stay O(1) each).
      const stepsAhead = position * iterationsFor(raw.data.difficulty);
      return toJobStatus(recordFromRaw(raw), {
        queuePosition: position,
        estimatedStartAtMs: estimateStartAtMs(now, stepsAhead, rate),
      });
    });
  }

  async getBatch(batchId: string): Promise<JobStatus[] | null> {
    const ids = await guarded(this.redis, () => this.redis.lrange(this.keys.batch(batchId), 0, -1));
    if (ids.length === 0) return null;
    const statuses = (await this.getStatuses(ids)).filter((s) => s.status !== 'not_found');
    return statuses.length > 0 ? statuses : null;
  }

  /**
   * Statuses of up to `limit` jobs whose webhook may not be scheduled yet (see QueueKeys.pendingCallbacks),
   * oldest first from rank `offset`; ids that are gone come back as not_found.
   */
  async pendingCallbacks(offset: number, limit: number): Promise<JobStatus[]> {
    const ids = await guarded(this.redis, () =>
      this.redis.zrange(this.keys.pendingCallbacks, offset, offset + limit - 1),
    );
    return ids.length === 0 ? [] : this.getStatuses(ids);
  }

  async clearPendingCallbacks(requestIds: readonly string[]): Promise<void> {
    if (requestIds.length === 0) return;
    await guarded(this.redis, () => this.redis.zrem(this.keys.pendingCallbacks, ...requestIds));
  }

  subscribe(listener: JobEventListener): () => void {
    return this.feed.subscribe(listener);
  }

  async reportCallback(report: CallbackReport): Promise<void> {
    await guarded(this.redis, () => recordCallback(this.redis, this.keys, report));
  }

  async stats(): Promise<QueueStats> {
    return guarded(this.redis, () => readQueueStats(this.redis, this.keys, Date.now()));
  }

  async ping(): Promise<boolean> {
    try {
      return (await guarded(this.redis, () => this.redis.ping())) === 'PONG';
    } catch {
      return false;
    }
  }

  async close(): Promise<void> {
    await this.feed.close();
    this.redis.disconnect();
  }
}
