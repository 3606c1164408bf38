import type { WorkResult } from '../../engine/work.js';
import type { JobStatus } from '../../schemas/status.js';
import type { JobFinishedHook, Processor, WorkerHandle } from '../../worker/processor.js';
import type { EmbeddedJob } from './job-store.js';

/**
 * The embedded queue's consumers: up to `concurrency` jobs in the processor at once, pulled from the host
 * whenever a slot frees or new work arrives. `close` stops taking jobs and waits for the in-flight ones;
 * the abort signal is only pulled if they have not finished within the grace period.
 */

export interface RunnerHost {
  take(): EmbeddedJob | undefined;
  succeeded(job: EmbeddedJob, result: WorkResult, processingTimeMs: number): JobStatus;
  attemptFailed(job: EmbeddedJob, error: unknown): JobStatus | null;
}

const CLOSE_GRACE_MS = 30_000;

export class EmbeddedRunners implements WorkerHandle {
  active = 0;
  private closing = false;
  private readonly inFlight = new Set<Promise<void>>();
  private readonly hooks = new Set<Promise<void>>();
  private readonly abort = new AbortController();

  constructor(
    private readonly host: RunnerHost,
    private readonly processor: Processor,
    readonly concurrency: number,
    private readonly onJobFinished: JobFinishedHook | undefined,
  ) {}

  /** Fill free slots with waiting jobs. */
  wake(): void {
    while (!this.closing && this.active < this.concurrency) {
      const job = this.host.take();
      if (!job) return;
      this.active += 1;
      const run = this.run(job).finally(() => {
        this.active -= 1;
        this.inFlight.delete(run);
        this.wake();
      });
      this.inFlight.add(run);
    }
  }

  async close(): Promise<void> {
    this.closing = true;
    const grace = setTimeout(() => this.abort.abort(), CLOSE_GRACE_MS);
    grace.unref();
    await Promise.allSettled([...this.inFlight]);
    clearTimeout(grace);
    // Hooks get the same grace; a delivery still retrying after that is the hook owner's to resume.
    let timer: NodeJS.Timeout | undefined;
    const limit = new Promise<void>((resolve) => {
      timer = setTimeout(resolve, CLOSE_GRACE_MS);
      timer.unref();
    });
    await Promise.race([Promise.allSettled([...this.hooks]), limit]);
    clearTimeout(timer);
  }

  private async run(job: EmbeddedJob): Promise<void> {
    const item = {
      seed: job.seed ?? '',
      difficulty: job.difficulty ?? 1,
      algorithm: job.algorithm ?? 'sha256',
    };
    const t0 = performance.now();
    let final: JobStatus | null;
    try {
      const result = await this.processor(item, this.abort.signal);
      final = this.host.succeeded(job, result, performance.now() - t0);
    } catch (error) {
      final = this.host.attemptFailed(job, error);
    }
    if (final && this.onJobFinished) this.dispatch(this.onJobFinished, final);
  }

  /** The hook runs outside the slot, so a slow webhook never holds up hashing. */
  private dispatch(hook: JobFinishedHook, status: JobStatus): void {
    const pending: Promise<void> = Promise.resolve()
      .then(() => hook(status))
      .catch(() => {
        // The hook's failures (e.g. a webhook that cannot be scheduled) never change the job's outcome.
      })
      .finally(() => this.hooks.delete(pending));
    this.hooks.add(pending);
  }
}
