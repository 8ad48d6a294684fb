import { describe, expect, it } from 'vitest';
import { TokenizerError } from '../errors';
import { WordLevel } from '../models/word-level';
import {
  compareCodePoints,
  resolveWordLevelTrainerOptions,
  trainWordLevel,
  WordLevelTrainer,
} from './word-level-trainer';

const train = (counts: Record<string, number>, options: Parameters<typeof resolveWordLevelTrainerOptions>[0] = {}) =>
  Object.fromEntries(trainWordLevel(new Map(Object.entries(counts)), resolveWordLevelTrainerOptions(options)));

describe('trainWordLevel', () => {
  const rustTestCounts = { the: 25, roses: 22, are: 24, red: 12, voilets: 10, blue: 16 };

  it('reproduces HF wordlevel/trainer.rs `test_train`: count descending, cut at vocabSize', () => {
    expect(train(rustTestCounts, { vocabSize: 5 })).toEqual({ the: 0, are: 1, roses: 2, blue: 3, red: 4 });
  });

  it('leaves out words seen fewer than minFrequency times', () => {
    expect(train(rustTestCounts, { vocabSize: 5, minFrequency: 15 })).toEqual({ the: 0, are: 1, roses: 2, blue: 3 });
  });

  it('breaks count ties by code point, as Rust compares strings (not by UTF-16 units)', () => {
    // UTF-16 order would put 𝔘 (U+1D518, surrogates D835 DD18) before ｚ (U+FF5A).
    expect(train({ 𝔘: 2, b: 2, ｚ: 2, a: 2, ab: 2, c: 5 })).toEqual({ c: 0, a: 1, ab: 2, b: 3, ｚ: 4, 𝔘: 5 });
  });

  it('puts special tokens first, once each, within vocabSize', () => {
    expect(train({ a: 3, '<unk>': 1 }, { specialTokens: ['<unk>', '<pad>', '<unk>'] })).toEqual({
      '<unk>': 0,
      '<pad>': 1,
      a: 2,
    });
    expect(train({ a: 3 }, { specialTokens: ['<unk>', '<pad>'], vocabSize: 1 })).toEqual({ '<unk>': 0 });
  });
});

describe('compareCodePoints', () => {
  it('orders like UTF-8 bytes', () => {
    const words = ['𝔘', 'ｚ', 'a', '', 'ab', '\uE000', 'é'];
    expect(words.sort(compareCodePoints)).toEqual(['', 'a', 'ab', 'é', '\uE000', 'ｚ', '𝔘']);
  });
});

describe('WordLevelTrainer', () => {
  it('trains a WordLevel model with the default <unk> token', () => {
    const trainer = new WordLevelTrainer({ specialTokens: ['<unk>'] });
    trainer.feed(['romeo', 'and', 'juliet']);
    trainer.feed(['and']);
    const progress: Array<[string, number, number]> = [];
    const model = trainer.train({ onProgress: (...call) => progress.push(call) });
    expect(model).toBeInstanceOf(WordLevel);
    expect(model.getVocab()).toEqual(
      new Map([
        ['<unk>', 0],
        ['and', 1],
        ['juliet', 2],
        ['romeo', 3],
      ]),
    );
    expect(model.tokenize('tybalt')[0]!.value).toBe('<unk>');
    expect(progress.at(-1)).toEqual(['sort words', 1, 1]);
  });

  it('refuses an empty corpus and invalid options', () => {
    expect(() => new WordLevelTrainer().train()).toThrow(TokenizerError);
    expect(() => new WordLevelTrainer().train()).toThrow('cannot train WordLevel on an empty corpus');
    expect(() => new WordLevelTrainer({ vocabSize: Number.NaN })).toThrow(
      'vocabSize (NaN) must be a non-negative integer',
    );
  });
});
