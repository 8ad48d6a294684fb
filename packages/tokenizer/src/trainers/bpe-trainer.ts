import { TokenizerError } from '../errors';
import { BPE } from '../models/bpe';
import type { ProgressCallback, Trainer } from '../types';
import { type BpeTrainerOptions, resolveBpeTrainerOptions } from './bpe-trainer-options';
import { trainBpe } from './bpe-training';
import { WordCounts } from './word-counts';

/**
 * Trains a `BPE` model, as HF `tokenizers`' `BpeTrainer` (same options, defaults, vocabulary and merges: see
 * `trainBpe`). Feed it the pre-tokenized words of every sequence, then `train()`.
 *
 * ```ts
 * const trainer = new BpeTrainer({ vocabSize: 8000, minFrequency: 2, specialTokens: ['[UNK]'] });
 * for (const line of lines) trainer.feed(preTokenize(line));
 * const bpe = trainer.train({ onProgress: (stage, done, total) => bar.update(done / total) });
 * ```
 *
 * Progress stages: `count pairs` (words done / distinct words), then `merges` (vocabulary size / `vocabSize`).
 */
export class BpeTrainer implements Trainer {
  readonly options: BpeTrainerOptions;
  private readonly words = new WordCounts();

  constructor(options: Partial<BpeTrainerOptions> = {}) {
    this.options = resolveBpeTrainerOptions(options);
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

  train(options: { onProgress?: ProgressCallback } = {}): BPE {
    if (this.words.size === 0) throw new TokenizerError('cannot train BPE on an empty corpus');
    const { vocab, merges } = trainBpe(this.words.get(), this.options, options.onProgress);
    const { continuingSubwordPrefix, endOfWordSuffix } = this.options;
    return new BPE({
      vocab,
      merges,
      ...(continuingSubwordPrefix !== undefined && { continuingSubwordPrefix }),
      ...(endOfWordSuffix !== undefined && { endOfWordSuffix }),
    });
  }
}
