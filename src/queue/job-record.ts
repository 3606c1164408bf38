import type { Algorithm } from '../engine/algorithms.js';
import type { CallbackState, JobState, JobStatus } from '../schemas/status.js';

/**
 * The one mapping from what a queue stores about a job to the public JobStatus (SPEC §2), shared by both
 * queue implementations and the worker's `onJobFinished` hook, so every view of a job derives its times
 * the same way.
 */

/** What the processor returns for a finished job; stored as the job's result. */
export interface StoredResult {
  readonly hash: string;
  readonly nonce: number;
  /** Pure hashing time. */
  readonly latencyMs: number;
  /** Time inside the processor: hand-off to a pool thread plus hashing. */
  readonly processingTimeMs: number;
  readonly engine: string;
}

export interface JobRecord {
  readonly requestId: string;
  readonly batchId: string | null;
  readonly cycle: number | null;
  readonly seed: string | null;
  readonly difficulty: number | null;
  readonly algorithm: Algorithm | null;
  readonly callbackUrl: string | null;
  readonly enqueuedAtMs: number | null;
  readonly state: JobState;
  /** Hashing attempts started so far, including one killed with its worker. */
  readonly attempts: number;
  /** Start of the latest attempt. */
  readonly startedAtMs: number | null;
  readonly completedAtMs: number | null;
  readonly result: StoredResult | null;
  readonly error: string | null;
  readonly callback: CallbackState | null;
  readonly callbackTimeMs: number | null;
}

export interface QueuePlace {
  readonly queuePosition: number | null;
  readonly estimatedStartAtMs: number | null;
}

const NO_PLACE: QueuePlace = { queuePosition: null, estimatedStartAtMs: null };

const diff = (later: number | null, earlier: number | null): number | null =>
  later === null || earlier === null ? null : Math.max(0, later - earlier);

export function toJobStatus(record: JobRecord, place: QueuePlace = NO_PLACE): JobStatus {
  const finished = record.state === 'done' || record.state === 'failed';
  const completedAtMs = finished ? record.completedAtMs : null;
  const queued = record.state === 'queued' || record.state === 'retrying';
  return {
    requestId: record.requestId,
    status: record.state,
    attempts: record.attempts,
    batchId: record.batchId,
    cycle: record.cycle,
    seed: record.seed,
    difficulty: record.difficulty,
    algorithm: record.algorithm,
    hash: record.result?.hash ?? null,
    nonce: record.result?.nonce ?? null,
    latencyMs: record.result?.latencyMs ?? null,
    processingTimeMs: record.result?.processingTimeMs ?? null,
    wallTimeMs: record.result ? diff(completedAtMs, record.startedAtMs) : null,
    queueTimeMs: diff(record.startedAtMs, record.enqueuedAtMs),
    totalTimeMs: diff(completedAtMs, record.enqueuedAtMs),
    enqueuedAtMs: record.enqueuedAtMs,
    startedAtMs: record.startedAtMs,
    completedAtMs,
    callbackTimeMs: record.callbackTimeMs,
    callback: record.callback ?? (record.callbackUrl ? pendingCallback(record.callbackUrl) : null),
    error: record.error,
    queuePosition: queued ? place.queuePosition : null,
    estimatedStartAtMs: queued ? place.estimatedStartAtMs : null,
  };
}

export function pendingCallback(url: string): CallbackState {
  return { url, status: 'pending', attempts: 0, lastStatusCode: null, lastError: null };
}

/** An id the queue has never seen or whose result has expired. */
export function notFoundStatus(requestId: string): JobStatus {
  return {
    requestId,
    status: 'not_found',
    attempts: 0,
    batchId: null,
    cycle: null,
    seed: null,
    difficulty: null,
    algorithm: null,
    hash: null,
    nonce: null,
    latencyMs: null,
    processingTimeMs: null,
    wallTimeMs: null,
    queueTimeMs: null,
    totalTimeMs: null,
    enqueuedAtMs: null,
    startedAtMs: null,
    completedAtMs: null,
    callbackTimeMs: null,
    callback: null,
    error: null,
    queuePosition: null,
    estimatedStartAtMs: null,
  };
}
