import { describe, expect, it } from 'vitest';
import { WordCounts } from './word-counts';

describe('WordCounts', () => {
  it('counts words from any iterable, in order of first appearance', () => {
    const counts = new WordCounts();
    counts.add(['low', 'low', 'lower']);
    counts.add(new Set(['newest', 'low']));
    counts.addCount('lower', 3);
    expect([...counts.get()]).toEqual([
      ['low', 3],
      ['lower', 4],
      ['newest', 1],
    ]);
    expect([counts.size, counts.totalWords]).toEqual([3, 8]);
  });

  it('streams: a generator of a million words holds only the distinct ones', () => {
    function* words() {
      for (let index = 0; index < 1_000_000; index++) yield `w${index % 100}`;
    }
    const counts = new WordCounts();
    counts.add(words());
    expect(counts.size).toBe(100);
    expect(counts.get().get('w7')).toBe(10_000);
  });
});
