import type { TrainingInstance } from '../pairs/training-instance';
import type { SpecialTokenIds } from '../tokenize/special-token-ids';

/** An instance laid out with its special tokens, ready to mask. */
export interface InstanceSequence {
  readonly ids: Int32Array; //          [L] [CLS] A [SEP] (B [SEP])
  readonly specialMask: Uint8Array; //  [L] 1 at [CLS]/[SEP] and at any special id inside A or B (a separator)
  readonly wordStarts: Uint8Array; //   [L] special tokens count as one-token words
}

/** `[CLS] A [SEP] B [SEP]` (or `[CLS] A [SEP]`) with the masks masking needs. */
export function instanceSequence(
  instance: TrainingInstance,
  special: SpecialTokenIds,
  specialIds: ReadonlySet<number>,
): InstanceSequence {
  const a = instance.tokensA;
  const b = instance.tokensB;
  const length = a.length + 2 + (b === undefined ? 0 : b.length + 1);
  const ids = new Int32Array(length); //          [L]
  const specialMask = new Uint8Array(length); //  [L]
  const wordStarts = new Uint8Array(length); //   [L]
  ids[0] = special.cls;
  ids.set(a, 1);
  ids[a.length + 1] = special.sep;
  wordStarts[0] = 1;
  wordStarts.set(instance.wordStartsA, 1);
  wordStarts[a.length + 1] = 1;
  if (b !== undefined) {
    ids.set(b, a.length + 2);
    ids[length - 1] = special.sep;
    wordStarts.set(instance.wordStartsB ?? new Uint8Array(b.length).fill(1), a.length + 2);
    wordStarts[length - 1] = 1;
  }
  for (let position = 0; position < length; position++) {
    if (specialIds.has(ids[position] ?? -1)) {
      specialMask[position] = 1;
      wordStarts[position] = 1;
    }
  }
  specialMask[0] = 1;
  specialMask[a.length + 1] = 1;
  specialMask[length - 1] = 1;
  return { ids, specialMask, wordStarts };
}
