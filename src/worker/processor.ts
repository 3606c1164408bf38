import type { WorkItem, WorkResult } from '../engine/work.js';
import type { HashPool } from '../pool/pool.js';
import type { JobStatus } from '../schemas/status.js';
import { JobBatcher } from './job-batcher.js';

/**
 * What a queue runner does with one job: hash the item, honouring `signal` (shutdown). Injectable so the
 * queue mechanics (retries, failures) can be tested with a processor that fails on purpose, while the
 * real one is a single pool call.
 */
export type Processor = (item: WorkItem, signal: AbortSignal) => Promise<WorkResult>;

/** The real processor: jobs through the pool, short ones grouped into shared tasks (job-batcher.ts). */
export function poolProcessor(pool: HashPool): Processor {
  return new JobBatcher(pool).run;
}

/**
 * Called once per job after it is stored as done or finally failed (never for an attempt that will be
 * retried). Webhook delivery attaches here; a durable delivery queue would enqueue its job from this hook.
 * Errors are logged by the caller and never change the job's outcome.
 */
export type JobFinishedHook = (status: JobStatus) => void | Promise<void>;

/** A running set of queue consumers in this process. */
export interface WorkerHandle {
  /** Jobs held at the same time by this handle, at most. */
  readonly concurrency: number;
  /** Stop taking jobs, let in-flight jobs finish, then release connections. */
  close(): Promise<void>;
}
