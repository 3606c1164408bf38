import { iterationsFor } from '../../engine/algorithms.js';
import { type EnqueueBatch, type EnqueueItem, jobFields } from '../contract.js';
import type { JobRecord } from '../job-record.js';

/**
 * Every job the embedded queue knows, by id and by batch. Finished jobs expire `ttlMs` after they finish
 * (then they read as not found) and at most `maxFinished` finished jobs are kept, oldest evicted first, so
 * memory stays bounded however long the process runs. Unfinished jobs are bounded by backpressure upstream.
 */

type Mutable<T> = { -readonly [K in keyof T]: T[K] };

export type EmbeddedJob = Mutable<JobRecord> & {
  /** Hash steps this job costs (difficulty × 50,000). */
  readonly steps: number;
  expiresAtMs: number | null;
};

export class JobStore {
  private readonly jobs = new Map<string, EmbeddedJob>();
  private readonly batches = new Map<string, { ids: string[]; live: number }>();
  private retained = { done: 0, failed: 0 };
  /** Finished job ids in finishing order, for expiry and eviction. */
  private finishedOrder: string[] = [];
  private finishedHead = 0;

  constructor(
    private readonly ttlMs: number,
    private readonly maxFinished: number,
  ) {}

  add(job: EmbeddedJob): void {
    this.jobs.set(job.requestId, job);
    if (job.batchId === null) return;
    const batch = this.batches.get(job.batchId);
    if (batch) {
      batch.ids.push(job.requestId);
      batch.live += 1;
    } else this.batches.set(job.batchId, { ids: [job.requestId], live: 1 });
  }

  /** The job, unless unknown or expired. */
  get(id: string, nowMs: number): EmbeddedJob | undefined {
    const job = this.jobs.get(id);
    if (!job || (job.expiresAtMs !== null && job.expiresAtMs <= nowMs)) return undefined;
    return job;
  }

  batch(batchId: string): readonly string[] | undefined {
    return this.batches.get(batchId)?.ids;
  }

  markFinished(job: EmbeddedJob, nowMs: number): void {
    job.expiresAtMs = nowMs + this.ttlMs;
    if (job.state === 'done') this.retained.done += 1;
    else this.retained.failed += 1;
    this.finishedOrder.push(job.requestId);
    while (this.finishedOrder.length - this.finishedHead > this.maxFinished) this.evictOldestFinished();
  }

  /** Drop expired jobs and batches left empty; returns how many jobs went. */
  sweep(nowMs: number): number {
    let removed = 0;
    for (;;) {
      const id = this.finishedOrder[this.finishedHead];
      const job = id === undefined ? undefined : this.jobs.get(id);
      if (id === undefined) break;
      if (job && job.expiresAtMs !== null && job.expiresAtMs > nowMs) break;
      this.evictOldestFinished();
      removed += 1;
    }
    return removed;
  }

  /** Finished jobs still readable, by outcome. */
  retainedCounts(): { readonly done: number; readonly failed: number } {
    return { ...this.retained };
  }

  private evictOldestFinished(): void {
    const id = this.finishedOrder[this.finishedHead];
    this.finishedHead += 1;
    if (this.finishedHead > 1024 && this.finishedHead * 2 > this.finishedOrder.length) {
      this.finishedOrder = this.finishedOrder.slice(this.finishedHead);
      this.finishedHead = 0;
    }
    const job = id === undefined ? undefined : this.jobs.get(id);
    if (!job) return;
    this.jobs.delete(job.requestId);
    if (job.state === 'done') this.retained.done -= 1;
    else this.retained.failed -= 1;
    if (job.batchId === null) return;
    const batch = this.batches.get(job.batchId);
    if (batch) batch.live -= 1;
    if (batch && batch.live <= 0) this.batches.delete(job.batchId);
  }
}

/** A freshly enqueued job of `batch`. */
export function newEmbeddedJob(batch: EnqueueBatch, item: EnqueueItem, nowMs: number): EmbeddedJob {
  return {
    requestId: item.requestId,
    ...jobFields(batch, item, nowMs),
    state: 'queued',
    attempts: 0,
    startedAtMs: null,
    completedAtMs: null,
    result: null,
    error: null,
    callback: null,
    callbackTimeMs: null,
    steps: iterationsFor(batch.difficulty),
    expiresAtMs: null,
  };
}
