import type { WorkResult } from '../../engine/work.js';
import type { JobState, JobStatus } from '../../schemas/status.js';
import type { JobFinishedHook, Processor, WorkerHandle } from '../../worker/processor.js';
import { DEFAULT_RETRY_BASE_MS, retryDelayMs } from '../backoff.js';
import {
  type CallbackReport,
  type EnqueueBatch,
  type JobEventListener,
  type JobQueue,
  type QueueStats,
  QueueUnavailableError,
} from '../contract.js';
import { callbackCounter, zeroCounters } from '../counters.js';
import { estimateStartAtMs, HashRateWindow } from '../hash-rate.js';
import { errorMessage, PermanentJobError } from '../job-errors.js';
import { notFoundStatus, toJobStatus } from '../job-record.js';
import { EventHub } from './event-hub.js';
import { type EmbeddedJob, JobStore, newEmbeddedJob } from './job-store.js';
import { EmbeddedRunners, type RunnerHost } from './runners.js';
import { WaitingLine } from './waiting-line.js';

/**
 * The in-process queue (embedded mode, no Redis): jobs wait in a FIFO, `startWorkers` runs N of them at a
 * time through a processor (the hash pool), failed attempts come back after an exponential, jittered delay
 * until `jobAttempts` is spent, and finished results stay readable for `resultTtlSeconds`. Nothing survives
 * the process: this is the single-machine mode.
 */

export interface EmbeddedQueueOptions {
  readonly resultTtlSeconds: number;
  readonly jobAttempts: number;
  /** First retry delay; later ones double. */
  readonly retryBaseMs?: number;
  /** Finished jobs kept at most (oldest evicted first), on top of the TTL. */
  readonly maxFinishedJobs?: number;
}

export class EmbeddedQueue implements JobQueue, RunnerHost {
  readonly mode = 'embedded' as const;
  private readonly store: JobStore;
  private readonly line = new WaitingLine();
  private readonly events = new EventHub();
  private readonly rate = new HashRateWindow();
  private readonly retryTimers = new Set<NodeJS.Timeout>();
  private readonly sweepTimer: NodeJS.Timeout;
  private readonly counters = zeroCounters();
  private runners: EmbeddedRunners | null = null;
  private closed = false;

  constructor(private readonly options: EmbeddedQueueOptions) {
    const ttlMs = options.resultTtlSeconds * 1000;
    this.store = new JobStore(ttlMs, options.maxFinishedJobs ?? 100_000);
    this.sweepTimer = setInterval(() => this.store.sweep(Date.now()), Math.min(ttlMs, 30_000));
    this.sweepTimer.unref();
  }

  async enqueue(batch: EnqueueBatch): Promise<void> {
    if (this.closed) throw new QueueUnavailableError('the queue is shutting down');
    const now = Date.now();
    for (const item of batch.items) {
      const job = newEmbeddedJob(batch, item, now);
      this.store.add(job);
      this.line.push(job.requestId, job.steps, now);
      this.counters.enqueued += 1;
      this.publish('queued', job);
    }
    this.runners?.wake();
  }

  async waitingCount(): Promise<number> {
    return this.line.length;
  }

  async getStatuses(requestIds: readonly string[]): Promise<JobStatus[]> {
    const now = Date.now();
    return requestIds.map((id) => {
      const job = this.store.get(id, now);
      return job ? this.statusOf(job, now) : notFoundStatus(id);
    });
  }

  async getBatch(batchId: string): Promise<JobStatus[] | null> {
    const ids = this.store.batch(batchId);
    if (!ids) return null;
    const statuses = (await this.getStatuses(ids)).filter((s) => s.status !== 'not_found');
    return statuses.length > 0 ? statuses : null;
  }

  subscribe(listener: JobEventListener): () => void {
    return this.events.subscribe(listener);
  }

  async reportCallback(report: CallbackReport): Promise<void> {
    const job = this.store.get(report.requestId, Date.now());
    if (job) {
      job.callback = report.state;
      job.callbackTimeMs = report.callbackTimeMs;
    }
    const counter = callbackCounter(report.state.status);
    if (counter) this.counters[counter] += 1;
    const now = Date.now();
    this.events.emit({
      type: 'callback',
      requestId: report.requestId,
      batchId: report.batchId,
      atMs: now,
      job: job ? this.statusOf(job, now) : null,
      callback: report.state,
    });
  }

  async stats(): Promise<QueueStats> {
    const now = Date.now();
    const oldest = this.line.oldestEnteredAtMs();
    const retained = this.store.retainedCounts();
    return {
      mode: this.mode,
      depth: {
        waiting: this.line.length,
        active: this.runners?.active ?? 0,
        delayed: this.retryTimers.size,
        completed: retained.done,
        failed: retained.failed,
      },
      workers: this.runners ? 1 : 0,
      oldestWaitingAgeMs: oldest === null ? null : now - oldest,
      counters: { ...this.counters },
      hashRate: this.rate.rate(now),
    };
  }

  async ping(): Promise<boolean> {
    return !this.closed;
  }

  /** Run jobs in this process; one handle per queue. */
  startWorkers(options: {
    processor: Processor;
    concurrency: number;
    onJobFinished?: JobFinishedHook;
  }): WorkerHandle {
    if (this.runners) throw new Error('embedded workers already started');
    this.runners = new EmbeddedRunners(this, options.processor, options.concurrency, options.onJobFinished);
    this.runners.wake();
    return this.runners;
  }

  async close(): Promise<void> {
    this.closed = true;
    clearInterval(this.sweepTimer);
    for (const timer of this.retryTimers) clearTimeout(timer);
    this.retryTimers.clear();
    await this.runners?.close();
    this.events.clear();
  }

  // RunnerHost: the state transitions the runners drive.

  take(): EmbeddedJob | undefined {
    for (;;) {
      const id = this.line.shift();
      if (id === undefined) return undefined;
      const job = this.store.get(id, Date.now());
      if (!job) continue;
      job.state = 'running';
      job.attempts += 1;
      job.startedAtMs = Date.now();
      this.publish('running', job);
      return job;
    }
  }

  succeeded(job: EmbeddedJob, result: WorkResult, processingTimeMs: number): JobStatus {
    const now = Date.now();
    job.state = 'done';
    job.completedAtMs = now;
    job.error = null;
    job.result = {
      hash: result.hash,
      nonce: result.nonce,
      latencyMs: result.latencyMs,
      processingTimeMs,
      engine: result.engine,
    };
    this.store.markFinished(job, now);
    this.counters.completed += 1;
    this.counters.hashSteps += result.nonce;
    this.rate.add(now, result.nonce);
    return this.publish('done', job);
  }

  /** Returns the final status, or null when the job will be retried. */
  attemptFailed(job: EmbeddedJob, error: unknown): JobStatus | null {
    const now = Date.now();
    job.error = errorMessage(error);
    if (error instanceof PermanentJobError || job.attempts >= this.options.jobAttempts || this.closed) {
      job.state = 'failed';
      job.completedAtMs = now;
      this.store.markFinished(job, now);
      this.counters.failed += 1;
      return this.publish('failed', job);
    }
    job.state = 'retrying';
    this.counters.retried += 1;
    this.publish('retrying', job);
    const timer = setTimeout(
      () => {
        this.retryTimers.delete(timer);
        this.line.push(job.requestId, job.steps, Date.now());
        this.runners?.wake();
      },
      retryDelayMs(job.attempts, this.options.retryBaseMs ?? DEFAULT_RETRY_BASE_MS),
    );
    this.retryTimers.add(timer);
    return null;
  }

  private statusOf(job: EmbeddedJob, now: number): JobStatus {
    const place = this.line.place(job.requestId);
    if (!place) return toJobStatus(job);
    return toJobStatus(job, {
      queuePosition: place.position,
      estimatedStartAtMs: estimateStartAtMs(now, place.stepsAhead, this.rate.rate(now)),
    });
  }

  private publish(type: JobState, job: EmbeddedJob): JobStatus {
    const now = Date.now();
    const status = this.statusOf(job, now);
    if (this.events.listening) {
      this.events.emit({ type, requestId: job.requestId, batchId: job.batchId, atMs: now, job: status });
    }
    return status;
  }
}
