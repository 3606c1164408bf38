import { describe, expect, it } from 'vitest';
import { autoSeeds, checkSeeds, randomPrefix } from './seeds.js';

describe('seeds', () => {
  it('numbers auto seeds from 1 under one prefix', () => {
    expect(autoSeeds(3, 'p')).toEqual(['p-1', 'p-2', 'p-3']);
    expect(autoSeeds(0, 'p')).toEqual([]);
  });

  it('makes a short base-36 prefix', () => {
    expect(randomPrefix(() => 0)).toBe('seed-0000');
    expect(randomPrefix(() => 0.5)).toMatch(/^seed-[0-9a-z]{4}$/);
  });

  it('drops blanks and explains what is wrong', () => {
    expect(checkSeeds(['a', '', 'b'], 5, 10)).toEqual({ seeds: ['a', 'b'], problem: null });
    expect(checkSeeds(['', ''], 5, 10).problem).toBe('Add at least one seed.');
    expect(checkSeeds(['a', 'b', 'c'], 2, 10).problem).toBe('At most 2 seeds per request.');
    expect(checkSeeds(['ok', 'x'.repeat(11)], 5, 10).problem).toBe('Seed 2 is longer than 10 characters.');
  });
});
