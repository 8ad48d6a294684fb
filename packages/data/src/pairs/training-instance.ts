/**
 * `nextSentenceLabel` of instances without a pair objective (RoBERTa FULL-SENTENCES): the ignore index of HF's
 * cross-entropy, so a loss over it contributes nothing.
 */
export const NO_PAIR_LABEL = -100;

/**
 * One pretraining example before special tokens, masking and padding: `[CLS] A [SEP] B [SEP]` once batched, or
 * `[CLS] A [SEP]` without B. Labels follow HF: 0 = B is A's true continuation (or in order, for SOP), 1 = B is a
 * random segment (NSP) or A and B were swapped (SOP), `NO_PAIR_LABEL` = no pair objective.
 */
export interface TrainingInstance {
  readonly tokensA: Int32Array; //        [Ta] token ids, no special tokens
  readonly wordStartsA: Uint8Array; //    [Ta] 1 where a word starts
  readonly tokensB?: Int32Array; //       [Tb]
  readonly wordStartsB?: Uint8Array; //   [Tb]
  readonly nextSentenceLabel: number;
}

/** Length once special tokens are added: |A| + 2, or |A| + |B| + 3 for a pair. */
export function instanceLength(instance: TrainingInstance): number {
  return instance.tokensB === undefined
    ? instance.tokensA.length + 2
    : instance.tokensA.length + instance.tokensB.length + 3;
}
