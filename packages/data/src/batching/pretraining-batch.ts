/**
 * One batch for BERT pretraining, as flat row-major typed arrays that @bert/trainer turns into tensors. Rows are
 * `[CLS] A [SEP] B [SEP]` (or `[CLS] A [SEP]`) padded with [PAD] to the longest row of the batch (T ≤ maxSeqLength).
 * Masked-LM targets are gathered, BERT-style: P slots per row, padded with position 0 / id 0 / weight 0.
 */
export interface PretrainingBatch {
  readonly batchSize: number; //             B (the last batch of an epoch may be smaller)
  readonly seqLength: number; //             T, the longest row in this batch
  readonly maxPredictions: number; //        P
  readonly inputIds: Int32Array; //          [B·T] masked ids, [PAD] after each row's end
  readonly tokenTypeIds: Int32Array; //      [B·T] 0 for [CLS] A [SEP], 1 for B [SEP], 0 on padding
  readonly attentionMask: Int32Array; //     [B·T] 1 real token, 0 padding
  readonly maskedPositions: Int32Array; //   [B·P] positions within the row (0…T−1)
  readonly maskedIds: Int32Array; //         [B·P] original ids at those positions
  readonly maskedWeights: Float32Array; //   [B·P] 1 real prediction, 0 padding slot
  readonly nextSentenceLabel: Int32Array; // [B] 0 B follows A, 1 random / swapped, -100 no pair objective
}

/**
 * The masked-LM targets as HF `labels`: [B·T] with the original id at masked positions and `ignoreIndex` (-100)
 * elsewhere, for losses that take per-token labels rather than gathered positions.
 */
export function maskedLabels(batch: PretrainingBatch, ignoreIndex = -100): Int32Array {
  const { batchSize: B, seqLength: T, maxPredictions: P } = batch;
  const labels = new Int32Array(B * T).fill(ignoreIndex); // [B·T]
  for (let row = 0; row < B; row++) {
    for (let slot = 0; slot < P; slot++) {
      const index = row * P + slot;
      if (batch.maskedWeights[index] === 0) continue;
      labels[row * T + (batch.maskedPositions[index] ?? 0)] = batch.maskedIds[index] ?? 0;
    }
  }
  return labels;
}

/** Fraction of the B·T positions of these batches that are padding. */
export function paddingFraction(
  batches: Iterable<{ readonly seqLength: number; readonly lengths: ArrayLike<number> }>,
): number {
  let total = 0;
  let real = 0;
  for (const batch of batches) {
    total += batch.seqLength * batch.lengths.length;
    for (let row = 0; row < batch.lengths.length; row++) real += batch.lengths[row] ?? 0;
  }
  return total === 0 ? 0 : (total - real) / total;
}

/** One row of a batch before padding: a masked `[CLS] A [SEP] (B [SEP])` sequence and its targets. */
export interface BatchRow {
  readonly inputIds: Int32Array; //        [L] masked ids, L ≤ T
  readonly maskedPositions: Int32Array; // [p] p ≤ P
  readonly maskedIds: Int32Array; //       [p]
  /** Position of B's first token (type id 1 from there to L); L when the row has no B. */
  readonly typeOneStart: number;
  readonly nextSentenceLabel: number;
}

/** Pads rows to T tokens and P prediction slots: the one place a `PretrainingBatch` is laid out. */
export function collateRows(rows: readonly BatchRow[], T: number, P: number, pad: number): PretrainingBatch {
  const B = rows.length;
  const inputIds = new Int32Array(B * T).fill(pad); // [B·T]
  const tokenTypeIds = new Int32Array(B * T); //       [B·T]
  const attentionMask = new Int32Array(B * T); //      [B·T]
  const maskedPositions = new Int32Array(B * P); //    [B·P]
  const maskedIds = new Int32Array(B * P); //          [B·P]
  const maskedWeights = new Float32Array(B * P); //    [B·P]
  const nextSentenceLabel = new Int32Array(B); //      [B]
  rows.forEach((item, row) => {
    const length = item.inputIds.length;
    inputIds.set(item.inputIds, row * T);
    attentionMask.fill(1, row * T, row * T + length);
    tokenTypeIds.fill(1, row * T + item.typeOneStart, row * T + length);
    maskedPositions.set(item.maskedPositions, row * P);
    maskedIds.set(item.maskedIds, row * P);
    maskedWeights.fill(1, row * P, row * P + item.maskedPositions.length);
    nextSentenceLabel[row] = item.nextSentenceLabel;
  });
  return {
    batchSize: B,
    seqLength: T,
    maxPredictions: P,
    inputIds,
    tokenTypeIds,
    attentionMask,
    maskedPositions,
    maskedIds,
    maskedWeights,
    nextSentenceLabel,
  };
}
