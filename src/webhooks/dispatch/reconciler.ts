import type { Logger } from 'pino';
import type { RedisQueue } from '../../queue/redis/redis-queue.js';
import type { JobStatus } from '../../schemas/status.js';

/**
 * Closes the gap between a job's completion and its webhook being scheduled. A worker completes the job in
 * Redis and only then adds the delivery job, so a worker killed in between would lose that webhook. Every
 * job with a callback URL is therefore listed when it is enqueued (QueueKeys.pendingCallbacks); this sweep,
 * run by every worker process, schedules the webhook of each listed job that finished more than `graceMs`
 * ago and drops ids that are scheduled or gone. Scheduling twice is harmless: a delivery's BullMQ job id is
 * the request id, so the second add is a no-op.
 */

export interface ReconcilerOptions {
  readonly queue: RedisQueue;
  readonly schedule: (status: JobStatus, callbackUrl: string) => Promise<void>;
  readonly intervalMs: number;
  /** A finished job younger than this is left to its own worker, which is normally milliseconds away. */
  readonly graceMs: number;
  /** Ids examined per sweep (default 500). */
  readonly sweepLimit?: number;
  readonly logger?: Logger;
}

const DEFAULT_SWEEP_LIMIT = 500;

export class CallbackReconciler {
  private timer: NodeJS.Timeout | null = null;
  private running: Promise<void> | null = null;
  /**
   * Where the next sweep starts in the list (oldest first). Ids still waiting for their job stay listed, so
   * sweeps page past them and wrap around: a deep backlog ahead never hides a finished job further on.
   */
  private offset = 0;

  constructor(private readonly options: ReconcilerOptions) {}

  start(): void {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.running ??= this.sweep()
        .then(
          () => undefined,
          (err: unknown) => this.options.logger?.warn({ err }, 'webhook reconciliation failed'),
        )
        .finally(() => {
          this.running = null;
        });
    }, this.options.intervalMs);
    this.timer.unref();
  }

  async close(): Promise<void> {
    if (this.timer) clearInterval(this.timer);
    this.timer = null;
    await this.running;
  }

  /** One pass; returns how many webhooks it handed to the delivery queue (some may have been there already). */
  async sweep(nowMs = Date.now()): Promise<number> {
    const limit = this.options.sweepLimit ?? DEFAULT_SWEEP_LIMIT;
    const statuses = await this.options.queue.pendingCallbacks(this.offset, limit);
    const settled: string[] = [];
    let scheduled = 0;
    for (const status of statuses) {
      if (status.status === 'not_found') {
        settled.push(status.requestId);
        continue;
      }
      const url = status.callback?.url;
      const finished = status.status === 'done' || status.status === 'failed';
      if (!url || !finished) {
        if (!url) settled.push(status.requestId);
        continue;
      }
      if ((status.completedAtMs ?? 0) > nowMs - this.options.graceMs) continue;
      await this.options.schedule(status, url);
      settled.push(status.requestId);
      scheduled += 1;
    }
    await this.options.queue.clearPendingCallbacks(settled);
    // Settled ids leave the list, so the ones kept are all that now lie before the next unread id.
    this.offset = statuses.length < limit ? 0 : this.offset + statuses.length - settled.length;
    return scheduled;
  }
}
