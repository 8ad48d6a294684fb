import { describe, expect, it } from 'vitest';
import { NormalizedString } from './normalized-string';
import { PreTokenizedString, type Split } from './pre-tokenized-string';

describe('PreTokenizedString', () => {
  it('splits, drops empty pieces and reports offsets in the full input', () => {
    const words = new PreTokenizedString('Hey  you');
    words.split((_, text) => text.split(' ', 'Isolated'));
    expect(words.getSplits()).toEqual([
      ['Hey', [0, 3]],
      [' ', [3, 4]],
      [' ', [4, 5]],
      ['you', [5, 8]],
    ]);
    words.split((_, text) => text.split(' ', 'Removed'));
    expect(words.getSplits()).toEqual([
      ['Hey', [0, 3]],
      ['you', [5, 8]],
    ]);
  });

  it('passes each split its index and leaves tokenized splits alone', () => {
    const added = new NormalizedString('[CLS]');
    const splits: Split[] = [
      { normalized: new NormalizedString('a b'), tokens: undefined },
      { normalized: added, tokens: [{ id: 1, value: '[CLS]', offsets: [0, 5] }] },
      { normalized: new NormalizedString('C d'), tokens: undefined },
    ];
    const words = new PreTokenizedString(splits);
    const seen: number[] = [];
    words.split((index, text) => {
      seen.push(index);
      return text.split(' ', 'Removed');
    });
    expect(seen).toEqual([0, 2]);
    expect(words.splits.map((split) => split.normalized.normalized)).toEqual(['a', 'b', '[CLS]', 'C', 'd']);
    expect(words.splits[2]!.normalized).toBe(added);

    words.normalize((text) => text.lowercase());
    expect(words.splits.map((split) => split.normalized.normalized)).toEqual(['a', 'b', '[CLS]', 'c', 'd']);

    words.tokenize((text) => [{ id: 9, value: text.normalized, offsets: [0, text.length] }]);
    expect(words.splits.map((split) => split.tokens?.[0]?.id)).toEqual([9, 9, 1, 9, 9]);
  });

  it('keeps normalization offsets: words of a normalized input point into the original', () => {
    const normalized = new NormalizedString('  Ünïcode  wörds ');
    normalized.nfd();
    normalized.filter((char) => !/\p{Mn}/u.test(char));
    normalized.lowercase();
    const words = new PreTokenizedString(normalized);
    words.split((_, text) => text.split(/\s/u, 'Removed'));
    expect(words.getSplits()).toEqual([
      ['unicode', [2, 9]],
      ['words', [11, 16]],
    ]);
  });

  it('has no splits for an empty input', () => {
    const words = new PreTokenizedString('');
    words.split((_, text) => [text]);
    expect(words.getSplits()).toEqual([]);
  });
});
