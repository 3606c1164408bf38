import { describe, expect, it } from 'vitest';
import { bucketize, countOutcomes, type LoadSample } from './load-stats.js';

describe('load buckets', () => {
  it('groups by second, counts outcomes, and takes latency only from successes', () => {
    const samples: LoadSample[] = [
      { endMs: 100, latencyMs: 10, outcome: 'ok' },
      { endMs: 900, latencyMs: 30, outcome: 'ok' },
      { endMs: 950, latencyMs: 1, outcome: 'rate_limited' },
      { endMs: 2500, latencyMs: 50, outcome: 'ok' },
      { endMs: 2600, latencyMs: 5, outcome: 'offline' },
    ];
    const buckets = bucketize(samples);
    expect(buckets).toHaveLength(3);
    expect(buckets[0]).toEqual({ second: 0, ok: 2, refused: 1, errors: 0, p50: 10, p95: 30 });
    expect(buckets[1]).toEqual({ second: 1, ok: 0, refused: 0, errors: 0, p50: null, p95: null });
    expect(buckets[2]).toMatchObject({ ok: 1, errors: 1, p50: 50 });
    expect(countOutcomes(samples)).toEqual({ ok: 3, rate_limited: 1, unavailable: 0, error: 0, offline: 1 });
  });

  it('is empty without samples', () => {
    expect(bucketize([])).toEqual([]);
  });
});
