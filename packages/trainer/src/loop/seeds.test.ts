import { describe, expect, it } from 'vitest';
import { dropoutSeed } from './seeds.js';

describe('dropoutSeed', () => {
  it('is a pure 31-bit function of (seed, step, micro-batch) with no collisions over a run', () => {
    expect(dropoutSeed(42, 7, 1)).toBe(dropoutSeed(42, 7, 1));
    const seen = new Set<number>();
    for (let step = 0; step < 2000; step++) {
      for (let micro = 0; micro < 4; micro++) {
        const value = dropoutSeed(42, step, micro);
        expect(value >= 0 && value < 2 ** 31).toBe(true);
        seen.add(value);
      }
    }
    expect(seen.size).toBe(8000);
    expect(dropoutSeed(43, 0, 0)).not.toBe(dropoutSeed(42, 0, 0));
  });
});
