import { ShapeError } from '@bert/core';
import * as tf from '@tensorflow/tfjs';

/**
 * A fine-tuning batch as `@bert/data`'s `FinetuneDataset` produces it (declared structurally, as `PretrainingBatch`
 * is): B rows of T tokens, row-major. `labels` is [B] int32 class ids, [B] float32 regression targets, or [B·T]
 * int32 token label ids with -100 where no loss is taken.
 */
export interface FinetuneBatch {
  readonly batchSize: number; // B
  readonly seqLength: number; // T
  readonly inputIds: Int32Array; // [B·T]
  readonly tokenTypeIds: Int32Array; // [B·T]
  readonly attentionMask: Int32Array; // [B·T]
  readonly labels: Int32Array | Float32Array; // [B] or [B·T]
  /** Rows' positions in the example list [B]. */
  readonly indices: Int32Array;
}

/** The model inputs of a batch as [B, T] int32 tensors; the caller disposes them. */
export function finetuneInputs(batch: FinetuneBatch): {
  inputIds: tf.Tensor2D;
  tokenTypeIds: tf.Tensor2D;
  attentionMask: tf.Tensor2D;
} {
  const { batchSize: B, seqLength: T } = batch;
  for (const name of ['inputIds', 'tokenTypeIds', 'attentionMask'] as const) {
    if (batch[name].length !== B * T) {
      throw new ShapeError(`batch.${name}: expected B·T = ${B * T} values (B ${B}, T ${T}), got ${batch[name].length}`);
    }
  }
  return {
    inputIds: tf.tensor2d(batch.inputIds, [B, T], 'int32'),
    tokenTypeIds: tf.tensor2d(batch.tokenTypeIds, [B, T], 'int32'),
    attentionMask: tf.tensor2d(batch.attentionMask, [B, T], 'int32'),
  };
}

/** Labelled tokens of a token-classification batch (labels ≠ -100). */
export function labelledTokenCount(batch: FinetuneBatch): number {
  let count = 0;
  for (const label of batch.labels) if (label !== -100) count++;
  return count;
}
