import { TokenizerError } from '../errors';
import { BPE } from '../models/bpe';
import { WordPiece } from '../models/word-piece';
import type { ProgressCallback, Trainer } from '../types';
import { type BpeTrainerOptions, resolveBpeTrainerOptions, withoutUndefined } from './bpe-trainer-options';
import { trainBpe } from './bpe-training';
import { WordCounts } from './word-counts';

/** HF `WordPieceTrainer`'s options: those of BPE training, minus `maxTokenLength`, with a `##` prefix by default. */
export type WordPieceTrainerOptions = Omit<BpeTrainerOptions, 'maxTokenLength' | 'continuingSubwordPrefix'> & {
  readonly continuingSubwordPrefix: string;
};

/**
 * Trains a `WordPiece` model as HF `tokenizers` does: BPE training with the continuing-subword prefix (`##`), then
 * the BPE vocabulary becomes a WordPiece vocabulary (`WordPiece.fromBpe`); the merges are dropped.
 *
 * ```ts
 * const trainer = new WordPieceTrainer({ vocabSize: 30522, specialTokens: ['[PAD]', '[UNK]', '[CLS]', '[SEP]', '[MASK]'] });
 * for (const line of lines) trainer.feed(preTokenize(line));
 * const wordPiece = trainer.train(); // tokens like "play", "##ing"
 * ```
 *
 * HF assigns the ids of `##x` symbols in the order of its word `HashMap`, which changes from run to run; here they
 * follow the order of first appearance in the corpus, so training is deterministic.
 */
export class WordPieceTrainer implements Trainer {
  readonly options: WordPieceTrainerOptions;
  private readonly bpeOptions: BpeTrainerOptions;
  private readonly words = new WordCounts();

  constructor(options: Partial<WordPieceTrainerOptions> = {}) {
    const { maxTokenLength: _ignored, ...bpeOptions } = resolveBpeTrainerOptions({
      continuingSubwordPrefix: '##',
      ...withoutUndefined(options),
    });
    this.bpeOptions = Object.freeze(bpeOptions);
    this.options = bpeOptions as WordPieceTrainerOptions;
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

  train(options: { onProgress?: ProgressCallback } = {}): WordPiece {
    if (this.words.size === 0) throw new TokenizerError('cannot train WordPiece on an empty corpus');
    const { vocab } = trainBpe(this.words.get(), this.bpeOptions, options.onProgress);
    const { continuingSubwordPrefix } = this.options;
    return WordPiece.fromBpe(new BPE({ vocab, merges: [], continuingSubwordPrefix }));
  }
}
