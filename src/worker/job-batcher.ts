import { type Algorithm, iterationsFor } from '../engine/algorithms.js';
import { WorkCancelledError, type WorkItem, type WorkResult } from '../engine/work.js';
import type { HashPool } from '../pool/pool.js';

/**
 * Feeds queue jobs to the hash pool, at most one task per thread. Jobs that arrive while every thread is
 * busy wait here and then leave together as one task of up to `budgetMs` of estimated hashing. At
 * difficulty 1 a job hashes for ~2 ms, so a message round trip per job, and a Redis reply per job trickling
 * back one at a time, cost a visible share of a small machine's CPU; grouped, k results return in one
 * message and their k completions reach Redis in one burst. A long job is never grouped (alone it exceeds
 * the budget), and every job stays cancellable on its own.
 */

export interface JobBatcherOptions {
  /** Estimated hashing time one task may carry. Bounds how long a finished job waits for its siblings. */
  readonly budgetMs?: number;
  readonly maxItems?: number;
}

interface Waiting {
  readonly item: WorkItem;
  readonly signal: AbortSignal;
  readonly resolve: (result: WorkResult) => void;
  readonly reject: (error: unknown) => void;
  readonly onAbort: () => void;
}

/** Weight of the newest sample in the per-algorithm cost estimate. */
const COST_SMOOTHING = 0.2;

export class JobBatcher {
  private readonly budgetMs: number;
  private readonly maxItems: number;
  private readonly waiting: Waiting[] = [];
  private tasks = 0;
  private flushScheduled = false;
  /** Measured milliseconds per hash step; an algorithm not measured yet always travels alone. */
  private readonly msPerStep = new Map<Algorithm, number>();

  constructor(
    private readonly pool: HashPool,
    options: JobBatcherOptions = {},
  ) {
    this.budgetMs = options.budgetMs ?? 20;
    this.maxItems = options.maxItems ?? 32;
  }

  /** A queue Processor: one job's hash; WorkCancelledError if `signal` aborts before it is done. */
  readonly run = (item: WorkItem, signal: AbortSignal): Promise<WorkResult> =>
    new Promise<WorkResult>((resolve, reject) => {
      if (signal.aborted) {
        reject(new WorkCancelledError());
        return;
      }
      const entry: Waiting = {
        item,
        signal,
        resolve,
        reject,
        onAbort: () => {
          const at = this.waiting.indexOf(entry);
          if (at < 0) return; // already in a task: the pool sees the same signal
          this.waiting.splice(at, 1);
          reject(new WorkCancelledError());
        },
      };
      signal.addEventListener('abort', entry.onAbort, { once: true });
      this.waiting.push(entry);
      // Jobs arriving in the same tick (one Redis reply can hand over several) are grouped.
      if (!this.flushScheduled) {
        this.flushScheduled = true;
        queueMicrotask(() => this.flush());
      }
    });

  private flush(): void {
    this.flushScheduled = false;
    while (this.tasks < this.pool.threads && this.waiting.length > 0) {
      // Waiting jobs are shared out over the idle threads first: grouping must never leave a thread idle.
      const share = Math.ceil(this.waiting.length / (this.pool.threads - this.tasks));
      void this.dispatch(this.takeBatch(Math.min(share, this.maxItems)));
    }
  }

  private takeBatch(maxItems: number): Waiting[] {
    const batch: Waiting[] = [];
    let estimatedMs = 0;
    for (const next of this.waiting) {
      const cost = this.estimateMs(next.item);
      if (batch.length > 0 && (batch.length >= maxItems || estimatedMs + cost > this.budgetMs)) break;
      batch.push(next);
      estimatedMs += cost;
    }
    this.waiting.splice(0, batch.length);
    for (const entry of batch) entry.signal.removeEventListener('abort', entry.onAbort);
    return batch;
  }

  private async dispatch(batch: Waiting[]): Promise<void> {
    this.tasks += 1;
    try {
      const outcomes = await this.hash(batch);
      batch.forEach((entry, i) => {
        this.settle(entry, outcomes[i]);
      });
    } finally {
      this.tasks -= 1;
      this.flush();
    }
  }

  /** Per item: its result, `null` if cancelled, or the error hashing it raised. */
  private async hash(batch: Waiting[]): Promise<(WorkResult | null | Error)[]> {
    try {
      return await this.pool.hashEach(batch);
    } catch (error) {
      if (batch.length === 1) return [asError(error)];
      // An engine fault in one item must not fail its siblings: run each alone to find the culprit.
      return Promise.all(batch.map((entry) => this.pool.hashEach([entry]).then(([r]) => r ?? null, asError)));
    }
  }

  private settle(entry: Waiting, outcome: WorkResult | Error | null | undefined): void {
    if (outcome === null || outcome === undefined) entry.reject(new WorkCancelledError());
    else if (outcome instanceof Error) entry.reject(outcome);
    else {
      this.learn(entry.item.algorithm, outcome);
      entry.resolve(outcome);
    }
  }

  private estimateMs(item: WorkItem): number {
    const perStep = this.msPerStep.get(item.algorithm);
    return perStep === undefined ? Number.POSITIVE_INFINITY : perStep * iterationsFor(item.difficulty);
  }

  private learn(algorithm: Algorithm, result: WorkResult): void {
    if (result.nonce <= 0) return;
    const sample = result.latencyMs / result.nonce;
    const previous = this.msPerStep.get(algorithm);
    this.msPerStep.set(
      algorithm,
      previous === undefined ? sample : previous + COST_SMOOTHING * (sample - previous),
    );
  }
}

function asError(error: unknown): Error {
  return error instanceof Error ? error : new Error(String(error));
}
