import { setTimeout as sleep } from 'node:timers/promises';
import {
  applyOutcome,
  type DeliveryHooks,
  type DeliveryState,
  type DeliveryTarget,
  deliverOnce,
  initialDeliveryState,
} from '../../src/webhooks/deliver.js';
import { decide, type RetryPolicy } from '../../src/webhooks/retry-policy.js';
import type { HttpOutcome } from '../../src/webhooks/safe-http.js';

/**
 * Test harness: runs one webhook to completion in this process — attempt, decide, wait, attempt again —
 * from the same parts the dispatchers use (`deliverOnce`, `decide`, `applyOutcome`), so the attempt and
 * retry rules can be tested against real receivers without a queue. Each recorded state is reported
 * through `onAttempt`.
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
