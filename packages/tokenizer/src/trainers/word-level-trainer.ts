import { TokenizerError } from '../errors';
import { WordLevel } from '../models/word-level';
import type { ProgressCallback, Trainer } from '../types';
import { withoutUndefined } from './bpe-trainer-options';
import { WordCounts } from './word-counts';

/** Options of HF `WordLevelTrainer`, camelCased, with its defaults. */
export interface WordLevelTrainerOptions {
  /** Maximum vocabulary size, special tokens included. */
  readonly vocabSize: number;
  /** Words seen fewer times are left out. */
  readonly minFrequency: number;
  /** Tokens given ids 0..k-1, in this order. */
  readonly specialTokens: readonly string[];
}

export const WORD_LEVEL_TRAINER_DEFAULTS: WordLevelTrainerOptions = Object.freeze({
  vocabSize: 30000,
  minFrequency: 0,
  specialTokens: Object.freeze([]) as readonly string[],
});

export function resolveWordLevelTrainerOptions(
  overrides: Partial<WordLevelTrainerOptions> = {},
): WordLevelTrainerOptions {
  const options = { ...WORD_LEVEL_TRAINER_DEFAULTS, ...withoutUndefined(overrides) };
  for (const name of ['vocabSize', 'minFrequency'] as const) {
    const value = options[name];
    if (!Number.isInteger(value) || value < 0)
      throw new TokenizerError(`${name} (${value}) must be a non-negative integer`);
  }
  return Object.freeze({ ...options, specialTokens: Object.freeze([...options.specialTokens]) });
}

/**
 * The WordLevel vocabulary HF `tokenizers` learns: special tokens first, then the words seen at least `minFrequency`
 * times by count descending, equal counts in code-point order of the words (Rust's `String` order, not JS's UTF-16
 * `<`), cut at `vocabSize` entries in total.
 *
 * ```ts
 * trainWordLevel(new Map([['b', 2], ['a', 2], ['c', 5]]), resolveWordLevelTrainerOptions({ specialTokens: ['<unk>'] }));
 * // Map { '<unk>' => 0, 'c' => 1, 'a' => 2, 'b' => 3 }
 * ```
 *
 * One deliberate difference: a word equal to a special token (or a repeated special token) is kept once, at its first
 * id. HF collects the same list into a `HashMap`, so the later id wins and the earlier one is left as a hole.
 */
export function trainWordLevel(
  wordCounts: ReadonlyMap<string, number>,
  options: WordLevelTrainerOptions,
): Map<string, number> {
  const ordered = [...wordCounts].sort(([wordA, countA], [wordB, countB]) =>
    countA !== countB ? countB - countA : compareCodePoints(wordA, wordB),
  );
  const vocab = new Map<string, number>();
  const add = (token: string): void => {
    if (vocab.size < options.vocabSize && !vocab.has(token)) vocab.set(token, vocab.size);
  };
  for (const token of options.specialTokens) add(token);
  for (const [word, count] of ordered) {
    if (vocab.size >= options.vocabSize) break;
    if (count >= options.minFrequency) add(word);
  }
  return vocab;
}

/** Orders strings by Unicode code points (UTF-8 byte order), as Rust compares `String`s. */
export function compareCodePoints(a: string, b: string): number {
  const length = Math.min(a.length, b.length);
  for (let index = 0; index < length; index++) {
    const unitA = a.charCodeAt(index);
    const unitB = b.charCodeAt(index);
    if (unitA !== unitB) return codePointRank(unitA) - codePointRank(unitB);
  }
  return a.length - b.length;
}

/** Surrogates (halves of characters above U+FFFF) must sort after U+E000–U+FFFF, whereas UTF-16 puts them before. */
function codePointRank(unit: number): number {
  if (unit >= 0xe000) return unit - 0x800;
  if (unit >= 0xd800) return unit + 0x2000;
  return unit;
}

/**
 * Trains a `WordLevel` model (one token per distinct word) as HF `tokenizers`' `WordLevelTrainer`.
 *
 * ```ts
 * const trainer = new WordLevelTrainer({ specialTokens: ['<unk>'] });
 * trainer.feed(['romeo', 'and', 'juliet', 'and']);
 * trainer.train().getVocab(); // Map { '<unk>' => 0, 'and' => 1, 'juliet' => 2, 'romeo' => 3 }
 * ```
 */
export class WordLevelTrainer implements Trainer {
  readonly options: WordLevelTrainerOptions;
  private readonly words = new WordCounts();

  constructor(options: Partial<WordLevelTrainerOptions> = {}) {
    this.options = resolveWordLevelTrainerOptions(options);
  }

  get specialTokens(): readonly string[] {
    return this.options.specialTokens;
  }

  /** Word → count of everything fed so far, in order of first appearance. */
  get wordCounts(): ReadonlyMap<string, number> {
    return this.words.get();
  }

  feed(words: Iterable<string>): void {
    this.words.add(words);
  }

  /** Progress stage: `sort words` (0 of 1, then 1 of 1). */
  train(options: { onProgress?: ProgressCallback } = {}): WordLevel {
    if (this.words.size === 0) throw new TokenizerError('cannot train WordLevel on an empty corpus');
    options.onProgress?.('sort words', 0, 1);
    const vocab = trainWordLevel(this.words.get(), this.options);
    options.onProgress?.('sort words', 1, 1);
    return new WordLevel({ vocab });
  }
}
