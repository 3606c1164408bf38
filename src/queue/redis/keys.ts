/**
 * Redis key names. BullMQ owns `<prefix>:pow:*`; our own keys live under `<prefix>:pow:x:` (never a job id:
 * ids are UUIDs), so one prefix holds everything of one deployment and a `{hash-tag}` prefix keeps it all
 * in one Redis Cluster slot, which the status script relies on.
 */
export const QUEUE_NAME = 'pow';
export const JOB_NAME = 'hash';

export class QueueKeys {
  /** BullMQ's key prefix of this queue, e.g. `consuma:pow:`; a job's hash is `<base><jobId>`. */
  readonly base: string;
  /** Prefix of our own keys (batches, counters, rate, workers). */
  readonly own: string;

  constructor(readonly prefix: string) {
    this.base = `${prefix}:${QUEUE_NAME}:`;
    this.own = `${this.base}x:`;
  }

  job(id: string): string {
    return `${this.base}${id}`;
  }

  batch(batchId: string): string {
    return `${this.own}batch:${batchId}`;
  }

  /** Lifetime counters (HINCRBY), shared by every process. */
  get counters(): string {
    return `${this.own}counters`;
  }

  /** Hash steps completed in one epoch second, by all workers. */
  rate(second: number): string {
    return `${this.own}rate:${second}`;
  }

  /** ZSET of worker processes, scored by their last heartbeat (ms). */
  get workers(): string {
    return `${this.own}workers`;
  }

  /**
   * ZSET of request ids (scored by enqueue time) whose webhook may not be in the delivery queue yet: added
   * with the job, removed by the reconciler once the delivery is scheduled or the job has expired.
   */
  get pendingCallbacks(): string {
    return `${this.own}callbacks-pending`;
  }

  get events(): string {
    return `${this.base}events`;
  }
}
