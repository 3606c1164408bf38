import { setTimeout as sleep } from 'node:timers/promises';
import {
  applyOutcome,
  type DeliveryHooks,
  type DeliveryState,
  type DeliveryTarget,
  deliverOnce,
  initialDeliveryState,
} from './deliver.js';
import { decide, type RetryPolicy } from './retry-policy.js';
import type { HttpOutcome } from './safe-http.js';

/**
 * Runs one webhook to completion in this process: attempt, decide, wait, attempt again, until delivered
 * or failed. For the embedded queue and tests; a durable queue instead stores the state between attempts
 * and schedules the next `deliverOnce` itself with `decide(...).delayMs`. Each recorded state is reported
 * through `onAttempt` so callers can persist it and publish events while the loop goes on.
 */

export interface AttemptReport {
  readonly state: DeliveryState;
  readonly outcome: HttpOutcome;
  /** Only when another attempt follows. */
  readonly nextDelayMs?: number;
  /** When the attempt finished, ms since the epoch (for callbackTimeMs on success). */
  readonly atMs: number;
}

export interface LoopOptions extends DeliveryHooks {
  readonly onAttempt?: (report: AttemptReport) => void | Promise<void>;
}

export async function deliverWithRetries(
  target: DeliveryTarget,
  policy: RetryPolicy,
  options: LoopOptions = {},
): Promise<DeliveryState> {
  let state = initialDeliveryState(target.url);
  for (;;) {
    const outcome = await deliverOnce(target, options);
    const decision = decide(outcome, state.attempts + 1, policy);
    state = applyOutcome(state, outcome, decision);
    await options.onAttempt?.({
      state,
      outcome,
      atMs: Date.now(),
      ...(decision.action === 'retry' ? { nextDelayMs: decision.delayMs } : {}),
    });
    if (decision.action !== 'retry') return state;
    try {
      await sleep(decision.delayMs, undefined, options.signal ? { signal: options.signal } : undefined);
    } catch {
      // Aborted while waiting (shutdown): report the state as it stands; a durable queue would resume it.
      return state;
    }
  }
}
