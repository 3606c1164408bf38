import { randomBytes } from 'node:crypto';
import { createClient } from './client.js';
import { JobFollower } from './job-follower.js';
import { LIMITS, type LoadOptions } from './options.js';
import { startProgress } from './progress.js';
import { buildReport, type LoadReport } from './report.js';
import { runClosedLoop, runOpenLoop } from './scheduler.js';
import { Tally } from './tally.js';
import { makeSender } from './workload.js';

/**
 * One load run from start to report: send on the chosen schedule until the duration or request count is
 * reached, then (async) wait up to `drainS` for the jobs to finish. Aborting `signal` (Ctrl-C) stops
 * sending at once, waits at most a second for answers in flight, and still returns the partial report.
 * Every run is bounded: duration ≤ 1 h of sending plus ≤ 1 h of drain, and each request has a timeout.
 */

export interface RunHooks {
  readonly signal?: AbortSignal;
  /** Show the live progress line on stderr (the CLI sets it; library callers usually do not). */
  readonly progress?: boolean;
}

const IN_FLIGHT_GRACE_MS = 1000;

export async function runLoad(options: LoadOptions, hooks: RunHooks = {}): Promise<LoadReport> {
  const signal = hooks.signal;
  const stopped = () => signal?.aborted === true;
  const tally = new Tally();
  const maxSockets = options.rate === null ? options.concurrency : options.connections;
  const client = createClient(options.url, {
    maxSockets,
    timeoutMs: options.timeoutS * 1000,
    apiKey: options.apiKey,
  });
  const followsJobs = options.mode === 'async' || options.mode === 'mixed';
  const follower = followsJobs ? new JobFollower(options.url, options.apiKey, client, tally.jobs) : null;
  await follower?.start();

  const runId = randomBytes(4).toString('hex');
  const send = makeSender(options, client, tally, follower, runId);
  const startMs = performance.now();
  const untilMs = startMs + (options.durationS ?? LIMITS.maxDurationS) * 1000;
  const maxRequests = options.requests ?? Number.POSITIVE_INFINITY;
  let phase = 'load';
  const progress = hooks.progress
    ? startProgress(
        {
          tally,
          fraction: () =>
            phase !== 'load'
              ? 1
              : options.requests !== null
                ? tally.requests / options.requests
                : Math.min(1, (performance.now() - startMs) / (untilMs - startMs)),
          pendingJobs: () => follower?.outstanding ?? 0,
          phase: () => phase,
        },
        options.json,
      )
    : null;

  const limits = { untilMs, maxRequests, stopped };
  const sending =
    options.rate === null
      ? runClosedLoop(options.concurrency, limits, send)
      : runOpenLoop(options.rate, limits, send);
  await untilDoneOrAborted(sending, signal);
  const sendEndMs = performance.now();

  if (follower && !stopped()) {
    phase = 'drain';
    await follower.drain(sendEndMs + options.drainS * 1000, stopped);
  }
  const endMs = performance.now();
  progress?.stop();
  const report = buildReport(
    options,
    tally,
    { startMs, sendEndMs, endMs, interrupted: stopped() },
    follower?.outstanding ?? 0,
  );
  follower?.close();
  client.close();
  return report;
}

/** Resolves when `work` settles, or shortly after an abort even if answers are still in flight. */
async function untilDoneOrAborted(work: Promise<void>, signal: AbortSignal | undefined): Promise<void> {
  if (!signal) return work;
  let onAbort = () => {};
  const aborted = new Promise<void>((resolve) => {
    onAbort = () => {
      setTimeout(resolve, IN_FLIGHT_GRACE_MS);
    };
    if (signal.aborted) onAbort();
    else signal.addEventListener('abort', onAbort, { once: true });
  });
  try {
    await Promise.race([work, aborted]);
  } finally {
    signal.removeEventListener('abort', onAbort);
  }
}
