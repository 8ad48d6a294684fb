import { NormalizedString } from './normalized-string';
import type { Offsets, Token } from './types';

/** One piece of a pre-tokenized input: its normalized text (aligned to the original) and, once tokenized, its tokens. */
export interface Split {
  normalized: NormalizedString;
  /** Offsets of the tokens are relative to `normalized.normalized`. */
  tokens: Token[] | undefined;
}

/** Another name for `Split`, for code that also imports the `Split` pre-tokenizer. */
export type PreTokenizedSplit = Split;

/**
 * A normalized input cut into words (HF `PreTokenizedString`). Pre-tokenizers call `split` and `normalize`, the model
 * `tokenize`; splits that already have tokens (added tokens) are left alone, and splits that end up empty are dropped.
 *
 * ```ts
 * const words = new PreTokenizedString('Hey  you');
 * words.split((_, text) => text.split(' ', 'Removed'));
 * words.getSplits(); // [['Hey', [0, 3]], ['you', [5, 8]]]
 * ```
 */
export class PreTokenizedString {
  private splitList: Split[];

  constructor(input: string | NormalizedString | Split[]) {
    if (typeof input === 'string') this.splitList = [{ normalized: new NormalizedString(input), tokens: undefined }];
    else if (input instanceof NormalizedString) this.splitList = [{ normalized: input, tokens: undefined }];
    else this.splitList = input;
  }

  get splits(): Split[] {
    return this.splitList;
  }

  /**
   * Replaces each split without tokens by the pieces `splitter` returns for it (`index` is the split's position
   * before this call). The pieces must be slices of the split they come from, so their offsets stay right.
   */
  split(splitter: (index: number, normalized: NormalizedString) => NormalizedString[]): void {
    const splits: Split[] = [];
    const old = this.splitList;
    for (let index = 0; index < old.length; index++) {
      const split = old[index]!;
      if (split.tokens !== undefined) {
        splits.push(split);
        continue;
      }
      for (const piece of splitter(index, split.normalized)) {
        if (!piece.isEmpty()) splits.push({ normalized: piece, tokens: undefined });
      }
    }
    this.splitList = splits;
  }

  /** Rewrites, in place, every split that has no tokens yet. */
  normalize(normalizer: (normalized: NormalizedString) => void): void {
    for (const split of this.splits) if (split.tokens === undefined) normalizer(split.normalized);
  }

  /** Gives tokens to every split that has none yet. */
  tokenize(tokenizer: (normalized: NormalizedString) => Token[]): void {
    for (const split of this.splits) if (split.tokens === undefined) split.tokens = tokenizer(split.normalized);
  }

  /** Each split's normalized text and its span in the original input (UTF-16 offsets). */
  getSplits(): Array<[string, Offsets]> {
    return this.splits.map((split) => [split.normalized.normalized, split.normalized.offsetsOriginal()]);
  }
}
