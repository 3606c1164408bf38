import { mean, type Percentiles, percentiles } from './percentiles.js';
import type { RunState } from './run-state.js';

/** The numbers of one path's summary panel, from the run state alone (pure, so it is tested directly). */

export interface PathSummary {
  readonly total: number;
  readonly done: number;
  readonly failed: number;
  /** Hashing time per seed. */
  readonly latency: Percentiles | null;
  /** Enqueue → completion per seed (async only; sync has no queue). */
  readonly endToEnd: Percentiles | null;
  /** Browser-measured, from Run to the last result. */
  readonly runtimeMs: number | null;
  /** Server-measured: sync `totalMs`, async last completion − first enqueue. */
  readonly serverMs: number | null;
  readonly avgAckMs: number | null;
  readonly engine: string | null;
}

export function syncSummary(run: RunState): PathSummary {
  const results = run.sync.response?.results ?? [];
  return {
    total: run.params.seeds.length,
    done: results.filter((r) => r.status === 'done').length,
    // A refused request (429, 400 …) hashed nothing: it is reported as the request's error, not as failed seeds.
    failed: results.filter((r) => r.status === 'failed').length,
    latency: percentiles(results.map((r) => r.latencyMs)),
    endToEnd: null,
    runtimeMs: run.sync.clientMs,
    serverMs: run.sync.response?.totalMs ?? null,
    avgAckMs: null,
    engine: run.sync.response?.engine ?? null,
  };
}

export function asyncSummary(run: RunState): PathSummary {
  const jobs = run.async.rows.map((r) => r.job);
  const done = jobs.filter((j) => j?.status === 'done').length;
  const enqueued = jobs.map((j) => j?.enqueuedAtMs).filter((v): v is number => typeof v === 'number');
  const completed = jobs.map((j) => j?.completedAtMs).filter((v): v is number => typeof v === 'number');
  const allFinished = jobs.length > 0 && completed.length === jobs.length;
  return {
    total: run.params.seeds.length,
    done,
    failed: jobs.filter((j) => j?.status === 'failed').length,
    latency: percentiles(jobs.map((j) => j?.latencyMs)),
    endToEnd: percentiles(jobs.map((j) => j?.totalTimeMs)),
    runtimeMs: run.async.clientMs,
    serverMs: allFinished ? Math.max(...completed) - Math.min(...enqueued) : null,
    avgAckMs: mean(run.async.rows.map((r) => r.ackTimeMs)),
    engine: null,
  };
}
