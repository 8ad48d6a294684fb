import { DataError } from '@bert/core';
import type { Tokenizer } from '@bert/tokenizer';

/** Ids of the special tokens that batching and masking need, read from a tokenizer. */
export interface SpecialTokenIds {
  readonly cls: number;
  readonly sep: number;
  readonly pad: number;
  readonly mask: number;
  /** Every special token id (the four above, `[UNK]`, …): never masked, never drawn as a random replacement. */
  readonly all: readonly number[];
  /** Vocabulary size including added tokens (V). */
  readonly vocabSize: number;
}

/**
 * Looks up `[CLS] [SEP] [PAD] [MASK]` (or the names given, e.g. RoBERTa's `<s> </s> <pad> <mask>`) in a tokenizer.
 * A missing one is a `DataError` naming it.
 */
export function specialTokenIds(
  tokenizer: Tokenizer,
  names: { cls?: string; sep?: string; pad?: string; mask?: string } = {},
): SpecialTokenIds {
  const lookup = (field: string, token: string): number => {
    const id = tokenizer.tokenToId(token);
    if (id === undefined) throw new DataError(`specialTokens.${field}: the tokenizer has no ${token} token`);
    return id;
  };
  const cls = lookup('cls', names.cls ?? '[CLS]');
  const sep = lookup('sep', names.sep ?? '[SEP]');
  const pad = lookup('pad', names.pad ?? '[PAD]');
  const mask = lookup('mask', names.mask ?? '[MASK]');
  const added = tokenizer
    .getAddedTokens()
    .filter((entry) => entry.token.special)
    .map((entry) => entry.id);
  const all = [...new Set([cls, sep, pad, mask, ...added])].sort((a, b) => a - b);
  return Object.freeze({ cls, sep, pad, mask, all: Object.freeze(all), vocabSize: tokenizer.getVocabSize() });
}
