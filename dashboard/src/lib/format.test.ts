import { describe, expect, it } from 'vitest';
import { int, ms, rate, relativeFuture, shortHash } from './format.js';

describe('format', () => {
  it('renders unknown values as a dash', () => {
    expect(ms(null)).toBe('—');
    expect(int(undefined)).toBe('—');
    expect(rate(Number.NaN)).toBe('—');
    expect(shortHash(null)).toBe('—');
    expect(relativeFuture(null, 0)).toBe('—');
  });

  it('switches to seconds and compact rates for big numbers', () => {
    expect(ms(12.345)).toBe('12.3 ms');
    expect(ms(12_345)).toBe('12.35 s');
    expect(rate(1_811_111, ' H/s')).toBe('1.81M H/s');
    expect(rate(250)).toBe('250/s');
    expect(rate(2.25)).toBe('2.3/s');
  });

  it('shortens digests and says when a queued job should start', () => {
    expect(shortHash('a'.repeat(64))).toBe(`${'a'.repeat(12)}…aaaa`);
    expect(relativeFuture(10_400, 10_000)).toBe('now');
    expect(relativeFuture(15_000, 10_000)).toBe('in 5 s');
    expect(relativeFuture(310_000, 10_000)).toBe('in 5 min');
  });
});
