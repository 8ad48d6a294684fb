import { describe, expect, it } from 'vitest';
import { TokenizerError } from '../errors';
import { type BpeTrainerOptions, resolveBpeTrainerOptions } from './bpe-trainer-options';
import { computeAlphabet, trainBpe } from './bpe-training';

const train = (counts: Record<string, number>, options: Partial<BpeTrainerOptions> = {}) =>
  trainBpe(new Map(Object.entries(counts)), resolveBpeTrainerOptions(options));

/** Tokens in id order (ids are dense from 0). */
const tokensOf = (vocab: Map<string, number>) => [...vocab].sort((a, b) => a[1] - b[1]).map(([token]) => token);

/**
 * Sennrich et al.'s corpus. Alphabet by code point: d e i l n o r s t w = ids 0..9. Pair counts:
 * `e s` 9 (newest 6 + widest 3), `s t` 9, `w e` 8 (lower 2 + newest 6), `l o` 7, `o w` 7, `n e` 6, `e w` 6,
 * `w i` 3, `i d` 3, `d e` 3, `e r` 2. Merges, with the count and the tie-break that decides each:
 *  1. e s  → es     (9; ties `s t`, e=1 < s=7)          newest: n e w es t, widest: w i d es t; `es t` = 9
 *  2. es t → est    (9)                                  `s t` and `d e` drop to 0
 *  3. l o  → lo     (7; ties `o w`, l=3 < o=5)
 *  4. lo w → low    (7)                                  lower: low e r; `w e` drops to 0
 *  5. e w  → ew     (6; ties `n e`, e=1 < n=4)           newest: n ew est
 *  6. n ew → new    (6; ties `ew est`, n=4 < ew=14)
 *  7. new est → newest (6)
 *  8. d est → dest  (3; ties `w i` (w=9) and `i d` (i=2), d=0 is smallest)
 *  9. i dest → idest (3; ties `w i`, i=2 < w=9)
 * 10. w idest → widest (3)
 * 11. e r → er      (2; ties `low e`, e=1 < low=13)
 * 12. low er → lower (2), and no pair is left.
 */
const SENNRICH = { low: 5, lower: 2, newest: 6, widest: 3 };
const SENNRICH_MERGES = [
  ['e', 's'],
  ['es', 't'],
  ['l', 'o'],
  ['lo', 'w'],
  ['e', 'w'],
  ['n', 'ew'],
  ['new', 'est'],
  ['d', 'est'],
  ['i', 'dest'],
  ['w', 'idest'],
  ['e', 'r'],
  ['low', 'er'],
];
const SENNRICH_TOKENS = [
  ...'deilnorstw',
  ...['es', 'est', 'lo', 'low', 'ew', 'new', 'newest', 'dest', 'idest', 'widest', 'er', 'lower'],
];

describe('trainBpe', () => {
  it('learns the hand-derived merges of the worked example', () => {
    const { vocab, merges } = train(SENNRICH);
    expect(merges).toEqual(SENNRICH_MERGES);
    expect(tokensOf(vocab)).toEqual(SENNRICH_TOKENS);
  });

  it('reproduces the expected vocabulary of HF trainer.rs `test_train` (min frequency 2)', () => {
    const counts = { roses: 1, are: 2, red: 1, voilets: 1, blue: 1, BERT: 1, is: 2, big: 1, and: 1, so: 1, 'GPT-2': 1 };
    const { vocab, merges } = train(counts, { minFrequency: 2 });
    expect(tokensOf(vocab)).toEqual([...'-2BEGPRTabdegilnorstuv', 're', 'are', 'is']);
    expect(merges).toEqual([
      ['r', 'e'],
      ['a', 're'],
      ['i', 's'],
    ]);
  });

  it('reproduces the expected vocabulary of HF trainer.rs `bpe_test_max_token_length_direct_assert`', () => {
    const words = ['sin', 'Sin', 'Lon', 'Ano', '짧은한', '긴한글', '短字符', '长字符', '短い文', '長い文', 'so', 'GP'];
    const { vocab } = train(Object.fromEntries(words.map((word) => [word, 2])), { maxTokenLength: 2 });
    // biome-ignore format: the table from the Rust test, one token per column
    const expected = { A: 0, G: 1, L: 2, P: 3, S: 4, i: 5, n: 6, o: 7, s: 8, 'い': 9, '字': 10, '文': 11, '短': 12,
      '符': 13, '長': 14, '长': 15, '글': 16, '긴': 17, '은': 18, '짧': 19, '한': 20, in: 21, 'い文': 22, '字符': 23,
      An: 24, GP: 25, Lo: 26, so: 27, '긴한': 28, '은한': 29 };
    expect(Object.fromEntries(vocab)).toEqual(expected);
  });

  it('stops at minFrequency: only pairs seen at least that often merge', () => {
    const { merges } = train(SENNRICH, { minFrequency: 7 });
    expect(merges).toEqual(SENNRICH_MERGES.slice(0, 4)); // counts 9, 9, 7, 7; the next best is 6
  });

  it('stops as soon as the vocabulary reaches vocabSize', () => {
    const { vocab, merges } = train(SENNRICH, { vocabSize: 13 });
    expect(vocab.size).toBe(13);
    expect(merges).toEqual(SENNRICH_MERGES.slice(0, 3));
  });

  it('keeps the whole alphabet even when it exceeds vocabSize, as HF', () => {
    const { vocab, merges } = train(SENNRICH, { vocabSize: 5, specialTokens: ['[UNK]'] });
    expect(tokensOf(vocab)).toEqual(['[UNK]', ...'deilnorstw']);
    expect(merges).toEqual([]);
  });

  it('gives special tokens ids 0..k-1 in order, once each, before the alphabet', () => {
    // `e` is both special and a character: it keeps its special id and the alphabet skips it. Every tie of the worked
    // example is still won by the same pair: e (2) stays below each letter it ties with, the others keep their order.
    const { vocab, merges } = train(SENNRICH, { specialTokens: ['[UNK]', '[PAD]', '[UNK]', 'e'] });
    expect(tokensOf(vocab).slice(0, 12)).toEqual(['[UNK]', '[PAD]', 'e', ...'dilnorstw']);
    expect(merges).toEqual(SENNRICH_MERGES);
    expect(vocab.get('lower')).toBe(SENNRICH_TOKENS.length + 1);
  });

  /**
   * Character counts: e 17, w 16, s 9, t 9, l 7, o 7, n 6, d 3, i 3, r 2. Keeping 8 drops r and, of the tie d/i at 3,
   * the higher code point i. The words lose those characters: low, lowe, newest, wdest. Alphabet d e l n o s t w = 0..7.
   * Pairs: e s 9, s t 9, w e 8, l o 7, o w 7, n e 6, e w 6, w d 3, d e 3. Merges: e s, es t, l o, lo w, then
   * e w (6; e=1 < n=3 < w=7), n ew, new est, then d est (3; d=0 < w=7), w dest, and low e (2).
   */
  it('limits the alphabet to the most frequent characters and drops the others from words', () => {
    const { vocab, merges } = train(SENNRICH, { limitAlphabet: 8 });
    expect(tokensOf(vocab).slice(0, 8)).toEqual([...'delnostw']);
    expect(merges).toEqual([
      ['e', 's'],
      ['es', 't'],
      ['l', 'o'],
      ['lo', 'w'],
      ['e', 'w'],
      ['n', 'ew'],
      ['new', 'est'],
      ['d', 'est'],
      ['w', 'dest'],
      ['low', 'e'],
    ]);
  });

  it('adds the initial alphabet (first character of each string), sorted in with the rest', () => {
    const { vocab, merges } = train(SENNRICH, { initialAlphabet: ['x', 'zebra', '', '𝔘'] });
    expect(tokensOf(vocab).slice(0, 13)).toEqual([...'deilnorstwxz', '𝔘']);
    expect(merges).toEqual(SENNRICH_MERGES);
  });

  it('counts the initial alphabet as infinitely frequent when limiting', () => {
    // x (never seen) and e (17) beat w (16). The words shrink to "", e, ee, e: dropped characters make the two e's of
    // newest adjacent, so (e, e) ×6 still merges.
    const { vocab, merges } = train(SENNRICH, { initialAlphabet: ['x'], limitAlphabet: 2 });
    expect(tokensOf(vocab)).toEqual(['e', 'x', 'ee']);
    expect(merges).toEqual([['e', 'e']]);
  });

  /**
   * hug ×3, hugs ×2, bug ×1. Alphabet b g h s u = 0..4; then, in order of first appearance, ##u 5, ##g 6, ##s 7.
   * Pairs: (##u, ##g) 6, (h, ##u) 5, (##g, ##s) 2, (b, ##u) 1. Merges: ##u ##g → ##ug (the right part loses its
   * prefix), h ##ug → hug (5), hug ##s → hugs (2), b ##ug → bug (1).
   */
  it('prefixes every non-initial symbol with continuingSubwordPrefix', () => {
    const { vocab, merges } = train({ hug: 3, hugs: 2, bug: 1 }, { continuingSubwordPrefix: '##' });
    expect(tokensOf(vocab)).toEqual([...'bghsu', '##u', '##g', '##s', '##ug', 'hug', 'hugs', 'bug']);
    expect(merges).toEqual([
      ['##u', '##g'],
      ['h', '##ug'],
      ['hug', '##s'],
      ['b', '##ug'],
    ]);
  });

  /** ab ×2, ba ×1: alphabet a b, then b</w> 2, a</w> 3; merges a b</w> (2), b a</w> (1). */
  it('suffixes every word-final symbol with endOfWordSuffix', () => {
    const { vocab, merges } = train({ ab: 2, ba: 1 }, { endOfWordSuffix: '</w>' });
    expect(tokensOf(vocab)).toEqual(['a', 'b', 'b</w>', 'a</w>', 'ab</w>', 'ba</w>']);
    expect(merges).toEqual([
      ['a', 'b</w>'],
      ['b', 'a</w>'],
    ]);
  });

  it('combines prefix and suffix on a one-character continuation', () => {
    const { vocab } = train({ ab: 1 }, { continuingSubwordPrefix: '##', endOfWordSuffix: '</w>' });
    expect(tokensOf(vocab)).toEqual(['a', 'b', '##b</w>', 'ab</w>']);
  });

  /**
   * abc ×1: a b → ab creates the pair (ab, c) of 3 characters, queued only if 3 < maxTokenLength (HF's strict test).
   * So maxTokenLength 3 stops at `ab` and 4 allows `abc`; the first pairs, of 2 characters, are never filtered.
   */
  it('only queues pairs shorter than maxTokenLength after a merge, as HF', () => {
    expect(tokensOf(train({ abc: 1 }).vocab)).toEqual(['a', 'b', 'c', 'ab', 'abc']);
    expect(tokensOf(train({ abc: 1 }, { maxTokenLength: 3 }).vocab)).toEqual(['a', 'b', 'c', 'ab']);
    expect(tokensOf(train({ abc: 1 }, { maxTokenLength: 4 }).vocab)).toEqual(['a', 'b', 'c', 'ab', 'abc']);
    expect(tokensOf(train({ abc: 1 }, { maxTokenLength: 1 }).vocab)).toEqual(['a', 'b', 'c', 'ab']);
  });

  it('merges overlapping pairs left to right and keeps counting them', () => {
    // aaaa ×1, aaa ×1: (a, a) counts 3 + 2. The merge walks left to right: aaaa → aa aa, aaa → aa a, leaving
    // (aa, a) 1 and (aa, aa) 1; the tie goes to the lower right id, a = 0 < aa = 1.
    const { merges } = train({ aaaa: 1, aaa: 1 });
    expect(merges).toEqual([
      ['a', 'a'],
      ['aa', 'a'],
      ['aa', 'aa'],
    ]);
  });

  it('learns nothing from an empty map but the special tokens', () => {
    const { vocab, merges } = train({}, { specialTokens: ['<s>'] });
    expect(tokensOf(vocab)).toEqual(['<s>']);
    expect(merges).toEqual([]);
  });

  it('reports count pairs, then merges up to vocabSize', () => {
    const calls: Array<[string, number, number]> = [];
    trainBpe(new Map(Object.entries(SENNRICH)), resolveBpeTrainerOptions({ vocabSize: 15 }), (...call) =>
      calls.push(call),
    );
    expect(calls[0]).toEqual(['count pairs', 0, 4]);
    expect(calls).toContainEqual(['count pairs', 4, 4]);
    expect(calls.at(-1)).toEqual(['merges', 15, 15]);
  });
});

describe('computeAlphabet', () => {
  it('sorts by code point, astral characters last', () => {
    expect(computeAlphabet(new Map([['b𝔘aｚ', 1]]), [], undefined)).toEqual(['a', 'b', 'ｚ', '𝔘']);
  });
});

describe('resolveBpeTrainerOptions', () => {
  it('has HF defaults and ignores undefined overrides', () => {
    const options = resolveBpeTrainerOptions({ limitAlphabet: undefined });
    expect(options).toEqual({ vocabSize: 30000, minFrequency: 0, specialTokens: [], initialAlphabet: [] });
    expect(Object.isFrozen(options)).toBe(true);
  });

  it('rejects invalid counts, quoting the value', () => {
    expect(() => resolveBpeTrainerOptions({ vocabSize: -1 })).toThrow(TokenizerError);
    expect(() => resolveBpeTrainerOptions({ vocabSize: -1 })).toThrow('vocabSize (-1) must be a non-negative integer');
    expect(() => resolveBpeTrainerOptions({ limitAlphabet: 2.5 })).toThrow('limitAlphabet (2.5)');
  });
});
