import { createRequire } from 'node:module';
import type { AddressClassifier } from './address-policy.js';
import type { Resolver } from './guarded-lookup.js';
import type { RetryDecision } from './retry-policy.js';
import { type HttpOutcome, safePost } from './safe-http.js';
import { signatureHeaders } from './signing.js';

/**
 * One webhook attempt and the state it leaves behind. `buildPayload` serialises the message once — the
 * exact bytes that are signed are the bytes that are sent, on every attempt; `deliverOnce` signs them
 * with a fresh timestamp and POSTs through the SSRF-safe client; `applyOutcome` is the pure reducer the
 * queue uses to record what happened (the `callback` object of the status API, SPEC §2).
 */

const VERSION: string = (createRequire(import.meta.url)('../../package.json') as { version: string }).version;
export const USER_AGENT = `consuma-webhooks/${VERSION}`;

export interface DeliveryTarget {
  readonly url: string | URL;
  /** The serialised payload from `buildPayload`, sent verbatim. */
  readonly body: string;
  /** Stable across retries, e.g. `webhookIdFor(requestId)`. */
  readonly webhookId: string;
  /** `whsec_…` (config.webhookSecret) or null to send unsigned. */
  readonly secret: string | null;
  readonly timeoutMs: number;
  readonly allowPrivate: boolean;
}

export interface DeliveryHooks {
  readonly signal?: AbortSignal;
  /** Clock for the `webhook-timestamp` header. */
  readonly now?: () => Date;
  /** Tests only: name resolution without real DNS. */
  readonly resolve?: Resolver;
  /** Tests only: another address policy. */
  readonly classify?: AddressClassifier;
}

/** `{"requestId": …, "result": …}` as one string; `result` is the job's status entry built by the caller. */
export function buildPayload(requestId: string, result: unknown): string {
  return JSON.stringify({ requestId, result });
}

export function deliverOnce(target: DeliveryTarget, hooks: DeliveryHooks = {}): Promise<HttpOutcome> {
  const at = hooks.now?.() ?? new Date();
  const headers = {
    'content-type': 'application/json',
    'user-agent': USER_AGENT,
    ...signatureHeaders(target.secret, target.webhookId, target.body, at),
  };
  return safePost(target.url, target.body, {
    timeoutMs: target.timeoutMs,
    allowPrivate: target.allowPrivate,
    headers,
    ...(hooks.signal ? { signal: hooks.signal } : {}),
    ...(hooks.resolve ? { resolve: hooks.resolve } : {}),
    ...(hooks.classify ? { classify: hooks.classify } : {}),
  });
}

export type DeliveryStatus = 'pending' | 'delivered' | 'retrying' | 'failed';

/** Exactly the `callback` object of the status API. */
export interface DeliveryState {
  readonly url: string;
  readonly status: DeliveryStatus;
  /** Delivery attempts made so far. */
  readonly attempts: number;
  /** Status code of the latest attempt; null before any answer or when the latest attempt got none. */
  readonly lastStatusCode: number | null;
  /** Why the latest attempt did not deliver; null once delivered or before any attempt. */
  readonly lastError: string | null;
}

export function initialDeliveryState(url: string | URL): DeliveryState {
  return { url: String(url), status: 'pending', attempts: 0, lastStatusCode: null, lastError: null };
}

const STATUS_OF: Record<RetryDecision['action'], DeliveryStatus> = {
  delivered: 'delivered',
  retry: 'retrying',
  fail: 'failed',
};

/** The state after one more attempt with `outcome`, as judged by `decision` (from retry-policy `decide`). */
export function applyOutcome(
  state: DeliveryState,
  outcome: HttpOutcome,
  decision: RetryDecision,
): DeliveryState {
  return {
    url: state.url,
    status: STATUS_OF[decision.action],
    attempts: state.attempts + 1,
    lastStatusCode: outcome.kind === 'response' ? outcome.statusCode : null,
    lastError: decision.action === 'delivered' ? null : decision.reason,
  };
}
