import type { Config } from '../../config/config.js';
import type { CallbackReport } from '../../queue/contract.js';
import type { JobStatus } from '../../schemas/status.js';
import { applyOutcome, buildPayload, type DeliveryState, deliverOnce } from '../deliver.js';
import { allowPrivateFor } from '../own-inbox.js';
import { decide, type RetryDecision, type RetryPolicy } from '../retry-policy.js';
import type { HttpOutcome } from '../safe-http.js';
import { webhookIdFor } from '../signing.js';

/**
 * One delivery attempt, shared by both dispatchers so the embedded and the Redis path judge and report
 * attempts identically: the message is fixed once at dispatch (`newDelivery`: payload bytes, webhook id,
 * attempt budget), each attempt POSTs those bytes with a fresh signature, and its result becomes the
 * `CallbackReport` the queue stores and publishes.
 */

/** Everything a delivery needs, serialisable (it is the data of a Redis delivery job). */
export interface Delivery {
  readonly requestId: string;
  readonly batchId: string | null;
  readonly url: string;
  /** The exact payload bytes, built once; every attempt sends and signs these. */
  readonly body: string;
  readonly webhookId: string;
  /** When the job finished; callbackTimeMs is measured from here. */
  readonly completedAtMs: number;
  /** Retries after the first attempt, fixed at dispatch so a delivery's budget never changes mid-way. */
  readonly maxRetries: number;
}

export interface AttemptSettings {
  readonly secret: string | null;
  readonly timeoutMs: number;
  readonly retryBaseMs: number;
  readonly allowPrivate: (url: string) => boolean;
}

export function attemptSettings(config: Config): AttemptSettings {
  return {
    secret: config.webhookSecret,
    timeoutMs: config.callback.timeoutSeconds * 1000,
    retryBaseMs: config.callback.retryBaseMs,
    allowPrivate: (url) => allowPrivateFor(url, config),
  };
}

export function newDelivery(status: JobStatus, url: string, maxRetries: number): Delivery {
  return {
    requestId: status.requestId,
    batchId: status.batchId,
    url,
    body: buildPayload(status.requestId, status),
    webhookId: webhookIdFor(status.requestId),
    completedAtMs: status.completedAtMs ?? Date.now(),
    maxRetries,
  };
}

export function retryPolicy(delivery: Delivery, settings: AttemptSettings): RetryPolicy {
  return { maxRetries: delivery.maxRetries, baseDelayMs: settings.retryBaseMs };
}

export interface AttemptResult {
  readonly outcome: HttpOutcome;
  readonly decision: RetryDecision;
  /** The state after this attempt (`attempts` includes it). */
  readonly state: DeliveryState;
  /** When the attempt finished. */
  readonly atMs: number;
}

/** Makes attempt number `before.attempts + 1`. Never throws: every failure is an outcome. */
export async function attemptDelivery(
  delivery: Delivery,
  before: DeliveryState,
  settings: AttemptSettings,
  signal?: AbortSignal,
): Promise<AttemptResult> {
  const outcome = await deliverOnce(
    {
      url: delivery.url,
      body: delivery.body,
      webhookId: delivery.webhookId,
      secret: settings.secret,
      timeoutMs: settings.timeoutMs,
      allowPrivate: settings.allowPrivate(delivery.url),
    },
    signal ? { signal } : {},
  );
  const decision = decide(outcome, before.attempts + 1, retryPolicy(delivery, settings));
  return { outcome, decision, state: applyOutcome(before, outcome, decision), atMs: Date.now() };
}

export function reportOf(delivery: Delivery, result: AttemptResult): CallbackReport {
  return {
    requestId: delivery.requestId,
    batchId: delivery.batchId,
    state: result.state,
    callbackTimeMs:
      result.decision.action === 'delivered' ? Math.max(0, result.atMs - delivery.completedAtMs) : null,
  };
}
