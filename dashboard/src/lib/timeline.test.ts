import { describe, expect, it } from 'vitest';
import { outOfOrder } from './timeline.js';

describe('timeline order', () => {
  it('counts completions overtaken by a later seed', () => {
    const inOrder = [1, 2, 3].map((y) => ({ x: y, y, seed: '' }));
    expect(outOfOrder(inOrder)).toBe(0);
    const shuffled = [
      { x: 1, y: 3, seed: '' },
      { x: 2, y: 1, seed: '' },
      { x: 3, y: 2, seed: '' },
      { x: 4, y: 4, seed: '' },
    ];
    expect(outOfOrder(shuffled)).toBe(2);
  });
});
