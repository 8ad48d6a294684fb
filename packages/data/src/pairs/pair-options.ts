import { DataError } from '@bert/core';
import type { Rng } from '../random';
import type { TokenizedDocument } from '../tokenize/tokenize-documents';
import { requireInteger, requireProbability } from '../validate';

export interface PairOptions {
  /** Longest `[CLS] A [SEP] B [SEP]`, special tokens included (the reference's `max_seq_length`). */
  readonly maxSeqLength: number;
  /** Probability of aiming at a shorter length for a document, so the model sees short inputs too. Default 0.1. */
  readonly shortSeqProb?: number;
  /** Passes over the corpus, each drawing different pairs (the reference's `dupe_factor`). Default 1. */
  readonly dupeFactor?: number;
  readonly rng: Rng;
}

export interface ResolvedPairOptions {
  readonly maxSeqLength: number;
  readonly shortSeqProb: number;
  readonly dupeFactor: number;
}

/** Defaults, then validation (quoting the values), then freeze. `caller` prefixes the messages. */
export function resolvePairOptions(options: PairOptions, caller: string): ResolvedPairOptions {
  const resolved = { shortSeqProb: 0.1, dupeFactor: 1, ...options };
  requireInteger(
    `${caller}: maxSeqLength`,
    resolved.maxSeqLength,
    5,
    '[CLS] A [SEP] B [SEP] needs 3 special tokens and at least one token in A and in B',
  );
  requireProbability(`${caller}: shortSeqProb`, resolved.shortSeqProb);
  requireInteger(`${caller}: dupeFactor`, resolved.dupeFactor, 1);
  return Object.freeze({
    maxSeqLength: resolved.maxSeqLength,
    shortSeqProb: resolved.shortSeqProb,
    dupeFactor: resolved.dupeFactor,
  });
}

/** Drops empty sentences, then empty documents (the reference removes empty documents before pairing). */
export function nonEmptyDocuments(documents: readonly TokenizedDocument[]): TokenizedDocument[] {
  const kept: TokenizedDocument[] = [];
  for (const document of documents) {
    const sentences = document.sentences.filter((sentence) => sentence.ids.length > 0);
    if (sentences.length > 0)
      kept.push(sentences.length === document.sentences.length ? document : { ...document, sentences });
  }
  return kept;
}

export function requireDocuments(documents: readonly TokenizedDocument[], caller: string): void {
  if (documents.length === 0) throw new DataError(`${caller}: no documents (every document is empty)`);
}
