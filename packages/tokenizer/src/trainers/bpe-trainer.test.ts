import { describe, expect, it } from 'vitest';
import { TokenizerError } from '../errors';
import { BPE } from '../models/bpe';
import { BpeTrainer } from './bpe-trainer';

describe('BpeTrainer', () => {
  it('counts fed words across sequences and trains a BPE model that uses the merges', () => {
    const trainer = new BpeTrainer({ specialTokens: ['[UNK]'] });
    trainer.feed(['low', 'lower', 'newest']);
    trainer.feed(['low', 'widest', 'newest']);
    expect(trainer.wordCounts).toEqual(
      new Map([
        ['low', 2],
        ['lower', 1],
        ['newest', 2],
        ['widest', 1],
      ]),
    );
    const model = trainer.train();
    expect(model).toBeInstanceOf(BPE);
    expect(model.tokenToId('[UNK]')).toBe(0);
    expect(model.tokenize('lowest').map((token) => token.value)).toEqual(['low', 'est']);
    expect(trainer.specialTokens).toEqual(['[UNK]']);
  });

  it('hands the prefix and suffix to the model', () => {
    const trainer = new BpeTrainer({ continuingSubwordPrefix: '##', endOfWordSuffix: '</w>' });
    trainer.feed(['hug', 'hug', 'bug']);
    const model = trainer.train();
    expect([model.continuingSubwordPrefix, model.endOfWordSuffix]).toEqual(['##', '</w>']);
    expect(model.tokenize('hug').map((token) => token.value)).toEqual(['hug</w>']);
  });

  it('refuses an empty corpus', () => {
    const trainer = new BpeTrainer();
    trainer.feed([]);
    expect(() => trainer.train()).toThrow(TokenizerError);
    expect(() => trainer.train()).toThrow('cannot train BPE on an empty corpus');
  });

  it('validates its options when constructed', () => {
    expect(() => new BpeTrainer({ minFrequency: -2 })).toThrow('minFrequency (-2) must be a non-negative integer');
  });
});
