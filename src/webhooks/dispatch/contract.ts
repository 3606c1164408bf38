import type { JobStatus } from '../../schemas/status.js';
import type { JobFinishedHook } from '../../worker/processor.js';

/**
 * Webhook delivery as the job pipeline sees it: the queue's `onJobFinished` hook hands every finished job
 * that asked for a callback to `dispatch`, which only records the delivery (in memory or in Redis) and
 * returns — the HTTP attempts run on the dispatcher's own consumers, never in a hashing slot.
 */
export interface CallbackDispatcher {
  readonly mode: 'embedded' | 'redis';
  /** Schedule the webhook of one finished job; resolves once it is recorded, not delivered. */
  dispatch(status: JobStatus, callbackUrl: string): Promise<void>;
  /** Begin delivering (consumers start taking deliveries). */
  start(): Promise<void>;
  /** Stop: no new attempts or retries in this process; attempts in flight are aborted. */
  close(): Promise<void>;
}

/**
 * The hook for `startWorkers`: the callback URL travels with the job and appears in its status as
 * `callback.url` (pending) once the job has finished, in both queue implementations.
 */
export function dispatchOnFinish(dispatcher: CallbackDispatcher): JobFinishedHook {
  return (status) => {
    const url = status.callback?.url;
    if (!url) return;
    return dispatcher.dispatch(status, url);
  };
}
