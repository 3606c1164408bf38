/**
 * Retry timing for failed hashing attempts, the same rule in both queues: exponential from `baseMs`
 * (base, 2×base, 4×base …) with up to `jitter` of each delay taken off at random, so jobs that failed
 * together do not all come back in the same instant.
 */
export const DEFAULT_RETRY_BASE_MS = 1000;
export const RETRY_JITTER = 0.5;

export function retryDelayMs(
  failedAttempts: number,
  baseMs: number,
  random: () => number = Math.random,
): number {
  const full = baseMs * 2 ** Math.max(0, failedAttempts - 1);
  return Math.round(full * (1 - RETRY_JITTER * random()));
}
