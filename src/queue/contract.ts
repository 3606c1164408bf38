import type { Algorithm } from '../engine/algorithms.js';
import type { CallbackState, JobState, JobStatus } from '../schemas/status.js';

/**
 * The job queue as the API and the dashboard see it. Two implementations honour it: `embedded` (in-process,
 * no Redis) and `redis` (BullMQ). One contract test suite runs against both (test/queue-contract.test.ts).
 */

export type QueueMode = 'embedded' | 'redis';

export interface EnqueueItem {
  readonly requestId: string;
  readonly cycle: number;
  readonly seed: string;
}

export interface EnqueueBatch {
  readonly batchId: string;
  readonly items: readonly EnqueueItem[];
  readonly difficulty: number;
  readonly algorithm: Algorithm;
  /** Already validated (SPEC §3); null when the client asked for no webhook. */
  readonly callbackUrl: string | null;
}

/** What one job of a batch is made of, whichever queue stores it (the job id is `item.requestId`). */
export interface JobFields {
  readonly batchId: string;
  readonly cycle: number;
  readonly seed: string;
  readonly difficulty: number;
  readonly algorithm: Algorithm;
  readonly callbackUrl: string | null;
  readonly enqueuedAtMs: number;
}

export function jobFields(batch: EnqueueBatch, item: EnqueueItem, enqueuedAtMs: number): JobFields {
  return {
    batchId: batch.batchId,
    cycle: item.cycle,
    seed: item.seed,
    difficulty: batch.difficulty,
    algorithm: batch.algorithm,
    callbackUrl: batch.callbackUrl,
    enqueuedAtMs,
  };
}

/** A lifecycle event for SSE (`GET /api/events`). `job` is the job's status at the time of the event. */
export interface JobEvent {
  readonly type: JobState | 'callback';
  readonly requestId: string;
  readonly batchId: string | null;
  readonly atMs: number;
  readonly job: JobStatus | null;
  readonly callback?: CallbackState;
}

export type JobEventListener = (event: JobEvent) => void;

/** A webhook delivery's progress as the delivery side reports it back to the queue (SPEC §2, §6). */
export interface CallbackReport {
  readonly requestId: string;
  readonly batchId: string | null;
  readonly state: CallbackState;
  /** From job completion to the webhook being accepted; null until delivered. */
  readonly callbackTimeMs: number | null;
}

export interface LifetimeCounters {
  readonly enqueued: number;
  readonly completed: number;
  readonly failed: number;
  readonly retried: number;
  readonly hashSteps: number;
  readonly callbacksDelivered: number;
  readonly callbacksFailed: number;
  readonly callbacksRetried: number;
}

export interface QueueStats {
  readonly mode: QueueMode;
  readonly depth: {
    readonly waiting: number;
    readonly active: number;
    readonly delayed: number;
    readonly completed: number;
    readonly failed: number;
  };
  /** Worker processes seen recently (embedded: 1 when this process runs workers). */
  readonly workers: number;
  readonly oldestWaitingAgeMs: number | null;
  readonly counters: LifetimeCounters;
  /** Recently measured hash steps per second over all workers, used for start-time estimates. */
  readonly hashRate: number | null;
}

export class QueueUnavailableError extends Error {
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = 'QueueUnavailableError';
  }
}

export interface JobQueue {
  readonly mode: QueueMode;
  /** Enqueue a whole batch in one round trip; resolves once durably stored. Throws QueueUnavailableError. */
  enqueue(batch: EnqueueBatch): Promise<void>;
  /** Waiting (not yet started) jobs, for backpressure. Throws QueueUnavailableError. */
  waitingCount(): Promise<number>;
  /** Statuses in request order, `not_found` for unknown/expired ids; one round trip for all ids. */
  getStatuses(requestIds: readonly string[]): Promise<JobStatus[]>;
  /** Every job of a batch, or null if the batch is unknown or expired. */
  getBatch(batchId: string): Promise<JobStatus[] | null>;
  /** Subscribe to lifecycle events of all jobs (filter by batchId at the caller). Returns unsubscribe. */
  subscribe(listener: JobEventListener): () => void;
  /** Record a delivery's progress: shown by getStatuses, published as a `callback` event, counted. */
  reportCallback(report: CallbackReport): Promise<void>;
  stats(): Promise<QueueStats>;
  /** Cheap reachability check for /api/health. */
  ping(): Promise<boolean>;
  close(): Promise<void>;
}
