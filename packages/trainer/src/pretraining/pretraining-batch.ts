import { ShapeError } from '@bert/core';
import * as tf from '@tensorflow/tfjs';

/**
 * One pretraining batch as `@bert/data` produces it: flat typed arrays, row-major. B sequences of T tokens, P
 * prediction slots per sequence (padded slots have weight 0). Declared here structurally so the trainer does not
 * depend on the data package; the app passes one to the other.
 */
export interface PretrainingBatch {
  readonly batchSize: number; // B
  readonly seqLength: number; // T
  readonly maxPredictions: number; // P
  readonly inputIds: Int32Array; // [B·T]
  readonly tokenTypeIds: Int32Array; // [B·T]
  readonly attentionMask: Int32Array; // [B·T], 1 real, 0 padding
  readonly maskedPositions: Int32Array; // [B·P], indices into T
  readonly maskedIds: Int32Array; // [B·P], original ids at those positions
  readonly maskedWeights: Float32Array; // [B·P], 1 for real predictions, 0 for padded slots
  readonly nextSentenceLabel: Int32Array; // [B], 0 = is next, 1 = random (HF convention), -100 = no pair objective
}

/** The batch as tensors; the caller disposes them (`tf.dispose(tensors)`). */
export interface PretrainingTensors {
  readonly inputIds: tf.Tensor2D; // [B, T] int32
  readonly tokenTypeIds: tf.Tensor2D; // [B, T] int32
  readonly attentionMask: tf.Tensor2D; // [B, T] int32
  readonly maskedPositions: tf.Tensor2D; // [B, P] int32
  readonly maskedIds: tf.Tensor2D; // [B, P] int32
  readonly maskedWeights: tf.Tensor2D; // [B, P] float32
  readonly nextSentenceLabel: tf.Tensor1D; // [B] int32
}

/** Throws `ShapeError` naming the first field whose length does not match B, T and P. */
export function assertPretrainingBatch(batch: PretrainingBatch, label = 'batch'): void {
  const { batchSize: B, seqLength: T, maxPredictions: P } = batch;
  for (const [name, size] of [
    ['batchSize', B],
    ['seqLength', T],
    ['maxPredictions', P],
  ] as const) {
    if (!(Number.isInteger(size) && size >= 0))
      throw new ShapeError(`${label}.${name} (${size}) must be an integer ≥ 0`);
  }
  const expected: [keyof PretrainingBatch, number, string][] = [
    ['inputIds', B * T, 'B·T'],
    ['tokenTypeIds', B * T, 'B·T'],
    ['attentionMask', B * T, 'B·T'],
    ['maskedPositions', B * P, 'B·P'],
    ['maskedIds', B * P, 'B·P'],
    ['maskedWeights', B * P, 'B·P'],
    ['nextSentenceLabel', B, 'B'],
  ];
  for (const [name, length, formula] of expected) {
    const actual = (batch[name] as ArrayLike<number>).length;
    if (actual !== length) {
      throw new ShapeError(
        `${label}.${name}: expected ${formula} = ${length} values (B ${B}, T ${T}, P ${P}), got ${actual}`,
      );
    }
  }
}

/**
 * Collates a typed-array batch into tensors: [B, T] and [B, P] int32 (weights float32), [B] labels.
 *
 * @example const tensors = toTensors(batch); model.forward(tensors, { training: true }); tf.dispose(tensors);
 */
export function toTensors(batch: PretrainingBatch): PretrainingTensors {
  assertPretrainingBatch(batch);
  const { batchSize: B, seqLength: T, maxPredictions: P } = batch;
  return {
    inputIds: tf.tensor2d(batch.inputIds, [B, T], 'int32'),
    tokenTypeIds: tf.tensor2d(batch.tokenTypeIds, [B, T], 'int32'),
    attentionMask: tf.tensor2d(batch.attentionMask, [B, T], 'int32'),
    maskedPositions: tf.tensor2d(batch.maskedPositions, [B, P], 'int32'),
    maskedIds: tf.tensor2d(batch.maskedIds, [B, P], 'int32'),
    maskedWeights: tf.tensor2d(batch.maskedWeights, [B, P], 'float32'),
    nextSentenceLabel: tf.tensor1d(batch.nextSentenceLabel, 'int32'),
  };
}

/** Real (unpadded) tokens in the batch: the numerator of tokens/s. */
export function countTokens(batch: Pick<PretrainingBatch, 'attentionMask'>): number {
  let tokens = 0;
  for (const value of batch.attentionMask) tokens += value === 0 ? 0 : 1;
  return tokens;
}

/** Σ maskedWeights: how many predictions the MLM mean is over. */
export function maskedWeightSum(batch: Pick<PretrainingBatch, 'maskedWeights'>): number {
  let total = 0;
  for (const weight of batch.maskedWeights) total += weight;
  return total;
}
