import { DEFAULT_RETRY_BASE_MS, retryDelayMs } from '../queue/backoff.js';
import type { HttpOutcome } from './safe-http.js';

/**
 * Pure decision after one delivery attempt (SPEC §6): delivered on 2xx; retry on timeouts, connection
 * errors, 408, 429 and 5xx; final failure on any other status (other 4xx, 1xx and 3xx — redirects are
 * never followed, so a 3xx will not change on its own), on a destination refused by the SSRF policy,
 * and when attempts are exhausted.
 *
 * Attempt budget: `maxRetries` retries AFTER the first attempt, so at most `1 + maxRetries` attempts.
 * Backoff before retry n (n = 1, 2, …): base · 2^(n−1) capped at `maxDelayMs`, with equal jitter (a
 * uniform delay in [d/2, d]; the same rule as job retries, queue/backoff.ts), which spreads a burst of
 * failing deliveries apart. A `Retry-After` from the receiver raises the delay to at least that value;
 * the result is still capped at `maxDelayMs`.
 */

export interface RetryPolicy {
  /** Retries after the first attempt (CALLBACK_DELIVERY_MAX_RETRIES). */
  readonly maxRetries: number;
  /** Backoff of the first retry before jitter; 1000 in production, small in tests. */
  readonly baseDelayMs?: number;
  readonly maxDelayMs?: number;
  /** Uniform [0, 1) source, injectable for deterministic tests. */
  readonly random?: () => number;
}

export const DEFAULT_MAX_DELAY_MS = 600_000;

export type RetryDecision =
  | { readonly action: 'delivered' }
  | { readonly action: 'retry'; readonly delayMs: number; readonly reason: string }
  | { readonly action: 'fail'; readonly reason: string };

const RETRYABLE_ERRORS = new Set(['timeout', 'connect', 'dns', 'tls', 'protocol', 'aborted']);

/** Why an outcome may be retried, or null when it is final (delivered or refused for good). */
function retryableReason(outcome: HttpOutcome): string | null {
  if (outcome.kind === 'error') return RETRYABLE_ERRORS.has(outcome.code) ? `${outcome.code} error` : null;
  const s = outcome.statusCode;
  if (s === 408 || s === 429 || (s >= 500 && s <= 599)) return `HTTP ${s}`;
  return null;
}

/** Human-readable reason an outcome is not a success; stored as the delivery's `lastError`. */
export function describeOutcome(outcome: HttpOutcome): string {
  if (outcome.kind === 'error') return `${outcome.code}: ${outcome.message}`;
  const s = outcome.statusCode;
  if (s >= 300 && s < 400) {
    return `HTTP ${s} redirect${outcome.location ? ` to ${outcome.location}` : ''} not followed (redirects are refused)`;
  }
  const snippet = outcome.bodySnippet.trim().slice(0, 200);
  return `HTTP ${s}${snippet ? `: ${snippet}` : ''}`;
}

/** Backoff for the retry that follows attempt `attempt` (1-based), before Retry-After is considered. */
export function backoffDelayMs(attempt: number, policy: RetryPolicy): number {
  return retryDelayMs(attempt, policy.baseDelayMs ?? DEFAULT_RETRY_BASE_MS, {
    capMs: policy.maxDelayMs ?? DEFAULT_MAX_DELAY_MS,
    ...(policy.random ? { random: policy.random } : {}),
  });
}

export function decide(outcome: HttpOutcome, attempt: number, policy: RetryPolicy): RetryDecision {
  if (outcome.kind === 'response' && outcome.statusCode >= 200 && outcome.statusCode <= 299) {
    return { action: 'delivered' };
  }
  const reason = describeOutcome(outcome);
  const retryable = retryableReason(outcome);
  if (retryable === null) return { action: 'fail', reason: `${reason} (final, not retried)` };
  const maxAttempts = 1 + Math.max(0, policy.maxRetries);
  if (attempt >= maxAttempts) {
    return {
      action: 'fail',
      reason: `${reason} (gave up after ${attempt} attempt${attempt === 1 ? '' : 's'})`,
    };
  }
  const cap = policy.maxDelayMs ?? DEFAULT_MAX_DELAY_MS;
  const retryAfter = outcome.kind === 'response' ? (outcome.retryAfterMs ?? 0) : 0;
  const delayMs = Math.min(cap, Math.max(retryAfter, backoffDelayMs(attempt, policy)));
  return { action: 'retry', delayMs, reason };
}
