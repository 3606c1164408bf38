import { describe, expect, it } from 'vitest';
import { runProblem } from './run-problem.js';

const limits = { maxSeedsPerRequest: 3, maxSeedLength: 5, syncMaxWorkUnits: 10, callbackUrlMaxLength: 40 };

describe('runProblem', () => {
  it('accepts a valid run with or without callback', () => {
    expect(runProblem(['a', 'b'], 5, '', limits)).toBeNull();
    expect(runProblem(['a'], 1, 'http://127.0.0.1:8000/x', limits)).toBeNull();
  });

  it('explains seed, work and callback problems', () => {
    expect(runProblem(['a', 'b', 'c', 'd'], 1, '', limits)).toMatch(/At most 3 seeds/);
    expect(runProblem(['a', 'b'], 6, '', limits)).toMatch(/at most 10 units of work.*has 12/);
    expect(runProblem(['a'], 1, 'ftp://x', limits)).toMatch(/http:\/\/ or https:\/\//);
    expect(runProblem(['a'], 1, 'not a url', limits)).toMatch(/not a valid URL/);
    expect(runProblem(['a'], 1, `http://x/${'y'.repeat(40)}`, limits)).toMatch(/longer than 40/);
  });
});
