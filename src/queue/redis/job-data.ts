import type { CallbackState, JobState } from '../../schemas/status.js';
import type { JobFields } from '../contract.js';
import type { JobRecord, StoredResult } from '../job-record.js';

/**
 * What a BullMQ job carries (its `data` and `returnvalue`), and how the raw fields of a job's hash become
 * a JobRecord. The status script and the worker's finish hook both end here, so the mapping of BullMQ
 * states and counters to SPEC statuses lives in one place.
 */

/** A job's BullMQ `data`: the fields every queue keeps (contract.ts), stored as JSON. */
export type JobData = JobFields;

/** Where the status script found the job (see status-script.ts). */
export type RawState = 'completed' | 'failed' | 'active' | 'delayed' | 'waiting';

export interface RawJob {
  readonly requestId: string;
  readonly state: RawState;
  readonly data: JobData;
  readonly result: StoredResult | null;
  readonly failedReason: string | null;
  /** BullMQ `atm`: attempts that ended (failed or completed). */
  readonly attemptsMade: number;
  /** BullMQ `ats`: attempts started, including one whose worker died. */
  readonly attemptsStarted: number;
  readonly processedOn: number | null;
  readonly finishedOn: number | null;
  readonly callback: { readonly state: CallbackState; readonly callbackTimeMs: number | null } | null;
}

export function stateOf(raw: Pick<RawJob, 'state' | 'attemptsMade' | 'attemptsStarted'>): JobState {
  switch (raw.state) {
    case 'completed':
      return 'done';
    case 'failed':
      return 'failed';
    case 'active':
      return 'running';
    case 'delayed':
      return 'retrying';
    case 'waiting':
      // Back in line after a failed attempt or a dead worker is a retry, not a fresh job.
      return raw.attemptsMade > 0 || raw.attemptsStarted > 0 ? 'retrying' : 'queued';
  }
}

export function recordFromRaw(raw: RawJob): JobRecord {
  const state = stateOf(raw);
  const attempts = Math.max(raw.attemptsStarted, raw.attemptsMade);
  return {
    requestId: raw.requestId,
    batchId: raw.data.batchId,
    cycle: raw.data.cycle,
    seed: raw.data.seed,
    difficulty: raw.data.difficulty,
    algorithm: raw.data.algorithm,
    callbackUrl: raw.data.callbackUrl,
    enqueuedAtMs: raw.data.enqueuedAtMs,
    state,
    attempts,
    startedAtMs: raw.processedOn,
    completedAtMs: raw.finishedOn,
    result: state === 'done' ? raw.result : null,
    error: state === 'done' ? null : raw.failedReason,
    callback: raw.callback?.state ?? null,
    callbackTimeMs: raw.callback?.callbackTimeMs ?? null,
  };
}

export function parseJson<T>(text: string | null | undefined): T | null {
  if (text === null || text === undefined || text === '') return null;
  try {
    return JSON.parse(text) as T;
  } catch {
    return null;
  }
}

export function parseNumber(text: string | null | undefined): number | null {
  if (text === null || text === undefined || text === '') return null;
  const value = Number(text);
  return Number.isFinite(value) ? value : null;
}
