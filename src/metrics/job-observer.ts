import { Histogram, type Registry } from 'prom-client';
import { ITERATIONS_PER_LEVEL } from '../engine/algorithms.js';
import type { JobEvent, JobQueue } from '../queue/contract.js';
import { RollingWindow } from './rolling.js';

/**
 * Observes finished jobs from the queue's event stream: wait (enqueue → start), run (pure hashing) and
 * total (enqueue → completion) histograms for Prometheus, and rolling windows for `/api/stats`. In Redis
 * mode every API process sees every job's events, so each process's histograms describe the whole queue.
 */

const SECONDS_BUCKETS = [
  0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60, 120, 300, 600, 1800,
];

export interface JobWindows {
  /** Completed jobs: total latency (ms) and hash steps. */
  readonly done: RollingWindow;
  readonly failed: RollingWindow;
  /** Completed jobs' wait (queue) time in ms. */
  readonly wait: RollingWindow;
}

export function observeJobs(
  registry: Registry,
  queue: JobQueue,
  now: () => number = Date.now,
): { windows: JobWindows; stop: () => void } {
  const registers = [registry];
  const wait = new Histogram({
    name: 'consuma_job_wait_seconds',
    help: 'Time a job waited in the queue before its (last) start',
    buckets: SECONDS_BUCKETS,
    registers,
  });
  const runTime = new Histogram({
    name: 'consuma_job_run_seconds',
    help: 'Pure hashing time of a completed job',
    buckets: SECONDS_BUCKETS,
    registers,
  });
  const total = new Histogram({
    name: 'consuma_job_total_seconds',
    help: 'Enqueue to completion of a finished job',
    labelNames: ['outcome'],
    buckets: SECONDS_BUCKETS,
    registers,
  });
  const windows: JobWindows = {
    done: new RollingWindow(now),
    failed: new RollingWindow(now),
    wait: new RollingWindow(now),
  };

  const onEvent = (event: JobEvent) => {
    if (event.type !== 'done' && event.type !== 'failed') return;
    const job = event.job;
    if (!job) return;
    if (job.totalTimeMs !== null) total.observe({ outcome: event.type }, job.totalTimeMs / 1000);
    if (event.type === 'failed') {
      windows.failed.record(job.totalTimeMs);
      return;
    }
    if (job.queueTimeMs !== null) {
      wait.observe(job.queueTimeMs / 1000);
      windows.wait.record(job.queueTimeMs);
    }
    if (job.latencyMs !== null) runTime.observe(job.latencyMs / 1000);
    windows.done.record(job.totalTimeMs, (job.difficulty ?? 0) * ITERATIONS_PER_LEVEL);
  };
  const stop = queue.subscribe(onEvent);
  return { windows, stop };
}
