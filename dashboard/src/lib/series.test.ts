import { describe, expect, it } from 'vitest';
import type { Stats } from '../../../src/schemas/stats.js';
import { appendSample, sampleFrom } from './series.js';

const latency = (p50: number | null) => ({ p50, p95: p50 === null ? null : p50 * 2, p99: null });

function stats(): Stats {
  const window = (seconds: number, perSecond: number, p50: number | null) => ({
    seconds,
    jobs: {
      completed: 1,
      failed: 0,
      perSecond,
      hashesPerSecond: 0,
      latencyMs: latency(p50),
      waitMs: latency(null),
    },
    sync: { requests: 0, perSecond: perSecond / 2, hashesPerSecond: 0, latencyMs: latency(null) },
  });
  return {
    timestamp: 0,
    mode: 'embedded',
    engine: 'native',
    uptimeMs: 1,
    queue: {
      reachable: true,
      depth: { waiting: 4, active: 2, delayed: 0, completed: 9, failed: 0 },
      workers: 1,
      oldestWaitingAgeMs: null,
      hashRate: null,
    },
    counters: null,
    pool: { threads: 2, busyThreads: 0, utilization: 0, queuedTasks: 0, completedTasks: 0 },
    refusals: { rateLimited: 0, backpressure: 0 },
    windows: [window(300, 1, 50), window(10, 8, 20), window(60, 3, 30)],
  };
}

describe('stats history', () => {
  it('samples the shortest window and the depth', () => {
    const s = sampleFrom(stats(), 1000);
    expect(s).toMatchObject({
      jobsPerSecond: 8,
      syncPerSecond: 4,
      jobP50: 20,
      jobP95: 40,
      syncP50: null,
      waiting: 4,
      active: 2,
    });
  });

  it('keeps only the last minutes and never duplicates a timestamp', () => {
    const s = sampleFrom(stats(), 0);
    let history = appendSample([], { ...s, atMs: 0 }, 10_000);
    history = appendSample(history, { ...s, atMs: 5000 }, 10_000);
    history = appendSample(history, { ...s, atMs: 12_000 }, 10_000);
    expect(history.map((h) => h.atMs)).toEqual([5000, 12_000]);
    history = appendSample(history, { ...s, atMs: 12_000 }, 10_000);
    expect(history.map((h) => h.atMs)).toEqual([5000, 12_000]);
  });
});
