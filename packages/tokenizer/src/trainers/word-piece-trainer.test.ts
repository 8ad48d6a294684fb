import { describe, expect, it } from 'vitest';
import { TokenizerError } from '../errors';
import { WordPiece } from '../models/word-piece';
import { WordPieceTrainer } from './word-piece-trainer';

describe('WordPieceTrainer', () => {
  /** The BPE run of bpe-training.test.ts (hug ×3, hugs ×2, bug ×1 with `##`), after the special tokens. */
  it('keeps the vocabulary of BPE training with ## continuation pieces', () => {
    const trainer = new WordPieceTrainer({ specialTokens: ['[UNK]', '[CLS]'] });
    trainer.feed(['hug', 'hugs', 'hug', 'bug', 'hugs', 'hug']);
    const model = trainer.train();
    expect(model).toBeInstanceOf(WordPiece);
    const tokens = [...model.getVocab()].sort((a, b) => a[1] - b[1]).map(([token]) => token);
    expect(tokens).toEqual(['[UNK]', '[CLS]', ...'bghsu', '##u', '##g', '##s', '##ug', 'hug', 'hugs', 'bug']);
    expect(model.continuingSubwordPrefix).toBe('##');
    expect(model.tokenize('bugs').map((token) => token.value)).toEqual(['bug', '##s']);
    expect(trainer.specialTokens).toEqual(['[UNK]', '[CLS]']);
  });

  it('uses another continuation prefix when asked, in training and in the model', () => {
    const trainer = new WordPieceTrainer({ continuingSubwordPrefix: undefined });
    expect(trainer.options.continuingSubwordPrefix).toBe('##'); // undefined keeps the default
    const custom = new WordPieceTrainer({ continuingSubwordPrefix: '@@', vocabSize: 4 });
    custom.feed(['ab']);
    const model = custom.train();
    expect([...model.getVocab().keys()]).toEqual(['a', 'b', '@@b', 'ab']);
    expect(model.continuingSubwordPrefix).toBe('@@');
  });

  it('refuses an empty corpus', () => {
    expect(() => new WordPieceTrainer().train()).toThrow(
      new TokenizerError('cannot train WordPiece on an empty corpus'),
    );
  });
});
