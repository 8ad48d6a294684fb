import type { Rng } from '../random';
import type { TokenizedDocument, TokenizedSentence } from '../tokenize/tokenize-documents';
import { requireInteger } from '../validate';
import { nonEmptyDocuments, requireDocuments } from './pair-options';
import { NO_PAIR_LABEL, type TrainingInstance } from './training-instance';

export interface FullSentenceOptions {
  /** Longest `[CLS] tokens [SEP]`; each instance holds up to maxSeqLength − 2 tokens. */
  readonly maxSeqLength: number;
  /**
   * Token put between two documents packed into one instance (RoBERTa adds an extra separator, `</s>`); pass the
   * tokenizer's `[SEP]` id. Without it documents are joined directly.
   */
  readonly separatorId?: number;
  /** Passes over the corpus, each in a new random document order. Default 1. */
  readonly dupeFactor?: number;
  readonly rng: Rng;
}

/**
 * RoBERTa's FULL-SENTENCES inputs: whole sentences packed contiguously up to maxSeqLength − 2 tokens, continuing
 * into the next document (with `separatorId` between documents) rather than stopping at its end; no pair objective
 * (`nextSentenceLabel` = `NO_PAIR_LABEL`). Documents are visited in a random order (shuffled by `rng`) so that the
 * documents sharing an instance differ between passes. A sentence longer than an instance on its own is cut into
 * instance-sized pieces (RoBERTa assumes none; truncating it would lose text).
 */
export function createFullSentenceInstances(
  documents: readonly TokenizedDocument[],
  options: FullSentenceOptions,
): TrainingInstance[] {
  const caller = 'createFullSentenceInstances';
  const maxSeqLength = requireInteger(
    `${caller}: maxSeqLength`,
    options.maxSeqLength,
    3,
    '[CLS] A [SEP] needs 2 special tokens and one token',
  );
  const dupeFactor = requireInteger(`${caller}: dupeFactor`, options.dupeFactor ?? 1, 1);
  if (options.separatorId !== undefined) requireInteger(`${caller}: separatorId`, options.separatorId, 0);
  const capacity = maxSeqLength - 2;
  const kept = nonEmptyDocuments(documents);
  requireDocuments(kept, caller);

  const instances: TrainingInstance[] = [];
  let ids: number[] = [];
  let starts: number[] = [];
  const flush = () => {
    if (ids.length === 0) return;
    instances.push({
      tokensA: Int32Array.from(ids),
      wordStartsA: Uint8Array.from(starts),
      nextSentenceLabel: NO_PAIR_LABEL,
    });
    ids = [];
    starts = [];
  };
  const push = (sentence: TokenizedSentence, from: number, to: number) => {
    for (let index = from; index < to; index++) {
      ids.push(sentence.ids[index] ?? 0);
      starts.push(sentence.wordStarts[index] ?? 1);
    }
  };

  for (let pass = 0; pass < dupeFactor; pass++) {
    for (const document of options.rng.shuffle([...kept])) {
      let firstOfDocument = true;
      for (const sentence of document.sentences) {
        const separator = firstOfDocument && ids.length > 0 && options.separatorId !== undefined ? 1 : 0;
        firstOfDocument = false;
        if (ids.length + separator + sentence.ids.length > capacity) {
          flush();
        } else if (separator === 1) {
          ids.push(options.separatorId ?? 0);
          starts.push(1);
        }
        // Only a sentence longer than a whole instance is cut; its last piece starts the next instance.
        let from = 0;
        while (sentence.ids.length - from > capacity) {
          push(sentence, from, from + capacity);
          flush();
          from += capacity;
        }
        push(sentence, from, sentence.ids.length);
      }
    }
    flush();
  }
  return instances;
}
