import type { CallbackState } from '../schemas/status.js';
import type { LifetimeCounters } from './contract.js';

/** Lifetime counters as both queues keep them, and which one a webhook report moves (none for pending). */

export type MutableCounters = { -readonly [K in keyof LifetimeCounters]: number };

export function zeroCounters(): MutableCounters {
  return {
    enqueued: 0,
    completed: 0,
    failed: 0,
    retried: 0,
    hashSteps: 0,
    callbacksDelivered: 0,
    callbacksFailed: 0,
    callbacksRetried: 0,
  };
}

const CALLBACK_COUNTER: Readonly<Record<CallbackState['status'], keyof LifetimeCounters | null>> = {
  pending: null,
  delivered: 'callbacksDelivered',
  failed: 'callbacksFailed',
  retrying: 'callbacksRetried',
};

export function callbackCounter(status: CallbackState['status']): keyof LifetimeCounters | null {
  return CALLBACK_COUNTER[status];
}
