import type { JobEvent } from '../../../src/queue/contract.js';
import type { AsyncAck } from '../../../src/schemas/async.js';
import type { CallbackState, JobStatus } from '../../../src/schemas/status.js';

/**
 * The async table's row state and how news about a job is merged into it. News comes from SSE events and
 * from status polls, in any order and possibly twice, so merging is by how far a job has got, never by
 * arrival order: a late `running` never overwrites `done`, and a delivered callback stays delivered.
 */

export interface AsyncRow {
  readonly cycle: number;
  readonly seed: string;
  readonly requestId: string;
  readonly ackTimeMs: number;
  /** Latest known status; null until the first event or poll answers. */
  readonly job: JobStatus | null;
}

const TERMINAL_JOB = new Set(['done', 'failed']);
const TERMINAL_CALLBACK = new Set(['delivered', 'failed']);
const STEP: Record<string, number> = { queued: 1, running: 2, retrying: 3 };

export function isTerminal(job: JobStatus | null): boolean {
  return job !== null && TERMINAL_JOB.has(job.status);
}

/** Orders a job's progress: attempts first (a retry starts again at queued/running), terminal above all. */
function progress(job: JobStatus): number {
  if (job.status === 'not_found') return -1;
  if (TERMINAL_JOB.has(job.status)) return Number.MAX_SAFE_INTEGER;
  return job.attempts * 10 + (STEP[job.status] ?? 0);
}

export function betterCallback(a: CallbackState | null, b: CallbackState | null): CallbackState | null {
  if (a === null) return b;
  if (b === null) return a;
  const aFinal = TERMINAL_CALLBACK.has(a.status);
  const bFinal = TERMINAL_CALLBACK.has(b.status);
  if (aFinal !== bFinal) return aFinal ? a : b;
  return b.attempts >= a.attempts ? b : a;
}

export function mergeJob(prev: JobStatus | null, next: JobStatus): JobStatus {
  if (prev === null) return next;
  const base = progress(next) >= progress(prev) ? next : prev;
  const callback = betterCallback(prev.callback, next.callback);
  const callbackTimeMs = next.callbackTimeMs ?? prev.callbackTimeMs;
  if (callback === base.callback && callbackTimeMs === base.callbackTimeMs) return base;
  return { ...base, callback, callbackTimeMs };
}

export function rowsFromAcks(acks: readonly AsyncAck[]): AsyncRow[] {
  return [...acks]
    .sort((a, b) => a.cycle - b.cycle)
    .map((ack) => ({
      cycle: ack.cycle,
      seed: ack.seed,
      requestId: ack.requestId,
      ackTimeMs: ack.ackTimeMs,
      job: null,
    }));
}

function applyUpdates(
  rows: readonly AsyncRow[],
  updates: readonly { requestId: string; apply: (job: JobStatus | null) => JobStatus | null }[],
): readonly AsyncRow[] {
  if (updates.length === 0) return rows;
  const index = new Map(rows.map((row, i) => [row.requestId, i]));
  let out: AsyncRow[] | null = null;
  for (const update of updates) {
    const i = index.get(update.requestId);
    if (i === undefined) continue;
    const current = (out ?? rows)[i] as AsyncRow;
    const job = update.apply(current.job);
    if (job === current.job) continue;
    out ??= [...rows];
    out[i] = { ...current, job };
  }
  return out ?? rows;
}

/** Merges a batch of SSE events; events for jobs not in the table are ignored. */
export function applyEvents(rows: readonly AsyncRow[], events: readonly JobEvent[]): readonly AsyncRow[] {
  return applyUpdates(
    rows,
    events.map((event) => ({
      requestId: event.requestId,
      apply: (job) => {
        let merged = event.job ? mergeJob(job, event.job) : job;
        if (merged && event.callback) {
          const callback = betterCallback(merged.callback, event.callback);
          if (callback !== merged.callback) merged = { ...merged, callback };
        }
        return merged;
      },
    })),
  );
}

/** Merges status-poll answers (POST /api/async/status or the batch listing). */
export function applyStatuses(
  rows: readonly AsyncRow[],
  statuses: readonly JobStatus[],
): readonly AsyncRow[] {
  return applyUpdates(
    rows,
    statuses.map((status) => ({ requestId: status.requestId, apply: (job) => mergeJob(job, status) })),
  );
}

/** A row needs no more news once its job has finished and, if a webhook was asked for, its delivery too. */
export function isSettled(row: AsyncRow, expectCallback: boolean): boolean {
  if (!isTerminal(row.job)) return false;
  if (!expectCallback || row.job?.status !== 'done') return true;
  const callback = row.job.callback;
  return callback !== null && TERMINAL_CALLBACK.has(callback.status);
}
