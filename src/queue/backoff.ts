/**
 * Retry timing, one rule for failed hashing attempts (both queues) and webhook deliveries: exponential
 * from `baseMs` (base, 2×base, 4×base …, capped), with "equal jitter": a uniform delay in
 * [(1 − RETRY_JITTER)·d, d], so work that failed together does not all come back in the same instant
 * while the "about 1 s, 2 s, 4 s" shape stays readable. BullMQ applies the same jitter to Redis-mode jobs.
 */
export const DEFAULT_RETRY_BASE_MS = 1000;
export const RETRY_JITTER = 0.5;

export interface BackoffOptions {
  readonly capMs?: number;
  /** Uniform [0, 1) source, injectable for deterministic tests. */
  readonly random?: () => number;
}

export function retryDelayMs(failedAttempts: number, baseMs: number, options: BackoffOptions = {}): number {
  const full = Math.min(
    options.capMs ?? Number.POSITIVE_INFINITY,
    baseMs * 2 ** Math.max(0, failedAttempts - 1),
  );
  const random = options.random ?? Math.random;
  return Math.round(full * (1 - RETRY_JITTER) + full * RETRY_JITTER * random());
}
