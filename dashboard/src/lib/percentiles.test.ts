import { describe, expect, it } from 'vitest';
import { mean, percentile, percentiles } from './percentiles.js';

describe('percentiles', () => {
  it('uses nearest rank on 1..100', () => {
    const values = Array.from({ length: 100 }, (_, i) => 100 - i);
    expect(percentiles(values)).toEqual({ p50: 50, p95: 95, p99: 99 });
  });

  it('reports the only sample for every percentile and ignores nulls and non-finite values', () => {
    expect(percentiles([null, 7, undefined, Number.NaN, Number.POSITIVE_INFINITY])).toEqual({
      p50: 7,
      p95: 7,
      p99: 7,
    });
  });

  it('picks measured values for small sets', () => {
    expect(percentiles([10, 20, 30, 40])).toEqual({ p50: 20, p95: 40, p99: 40 });
    expect(percentile([1, 2, 3], 0)).toBe(1);
  });

  it('is null when nothing was measured', () => {
    expect(percentiles([])).toBeNull();
    expect(percentiles([null, null])).toBeNull();
    expect(mean([])).toBeNull();
  });

  it('averages only numbers', () => {
    expect(mean([1, null, 2, 3])).toBe(2);
  });
});
