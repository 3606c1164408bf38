import type { JobStatus } from '../../../src/schemas/status.js';

/** A queued job with every JobStatus field present, for tests; `patch` sets what a test is about. */
export function queuedJob(patch: Partial<JobStatus> = {}): JobStatus {
  return {
    requestId: 'r',
    status: 'queued',
    attempts: 0,
    batchId: 'b',
    cycle: 1,
    seed: 's',
    difficulty: 1,
    algorithm: 'sha256',
    hash: null,
    nonce: null,
    latencyMs: null,
    processingTimeMs: null,
    wallTimeMs: null,
    queueTimeMs: null,
    totalTimeMs: null,
    enqueuedAtMs: 0,
    startedAtMs: null,
    completedAtMs: null,
    callbackTimeMs: null,
    callback: null,
    error: null,
    queuePosition: null,
    estimatedStartAtMs: null,
    ...patch,
  };
}
