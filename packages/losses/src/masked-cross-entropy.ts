import * as tf from '@tensorflow/tfjs';
import { assertLossShape, LossShapeError, leadingShape } from './errors.js';

export type CrossEntropyOptions = {
  /** Labels equal to this are skipped (HF / PyTorch convention: -100). */
  readonly ignoreIndex?: number;
  /** Per-position weights, same shape as `labels` (e.g. to down-weight some tokens); 1 when absent. */
  readonly weights?: tf.Tensor;
  /** Per-class weights [C], as PyTorch's `CrossEntropyLoss(weight=…)`. */
  readonly classWeights?: tf.Tensor1D;
  /** `mean` (default): weighted mean over kept positions; `sum`; `none`: per-position losses (0 where ignored). */
  readonly reduction?: 'mean' | 'sum' | 'none';
};

/**
 * Cross-entropy with sparse integer labels, never one-hot over the vocabulary: logits [..., C] float32,
 * labels [...] int32 in [0, C) or `ignoreIndex` → scalar (or [...] with `reduction: 'none'`).
 *
 * loss_i = logsumexp(logits_i) − logits_i[label_i] (stable: `tf.logSumExp` subtracts the row max), and the mean is
 * Σ w_i loss_i / Σ w_i over non-ignored positions, w_i = weights_i · classWeights[label_i]. With every label ignored
 * the mean is 0 rather than PyTorch's NaN, so a batch without masked tokens cannot poison training.
 *
 * @example maskedCrossEntropy(tf.tensor2d([[2, 0, 0]]), tf.tensor1d([0], 'int32')) // log(1 + 2e⁻²) ≈ 0.2395
 */
export function maskedCrossEntropy(logits: tf.Tensor, labels: tf.Tensor, options: CrossEntropyOptions = {}): tf.Tensor {
  const { ignoreIndex = -100, weights, classWeights, reduction = 'mean' } = options;
  const leading = leadingShape(logits);
  assertLossShape(labels, leading, 'labels');
  if (labels.dtype !== 'int32') throw new LossShapeError(`labels: expected dtype int32, got ${labels.dtype}`);
  if (weights !== undefined) assertLossShape(weights, leading, 'weights');
  const C = logits.shape[logits.rank - 1] as number;
  if (classWeights !== undefined) assertLossShape(classWeights, [C], 'classWeights');
  return tf.tidy(() => {
    const N = labels.size;
    const flatLabels = tf.reshape(labels, [N]); // [N]
    const keep = tf.notEqual(flatLabels, ignoreIndex); // [N]
    const safeLabels = tf.where(keep, flatLabels, tf.zerosLike(flatLabels)); // [N]
    const rows = tf.reshape(logits, [N, C]); // [N, C]
    // Gather from a flat view: a one-hot [N, C] label matrix would double the memory of the logits.
    const flatIndex = tf.add(tf.range(0, N * C, C, 'int32'), safeLabels); // [N]
    const targetLogit = tf.gather(tf.reshape(rows, [N * C]), flatIndex); // [N]
    const nll = tf.sub(tf.logSumExp(rows, -1), targetLogit); // [N]
    let weight = tf.cast(keep, 'float32'); // [N]
    if (weights !== undefined) weight = tf.mul(weight, tf.reshape(weights, [N]));
    if (classWeights !== undefined) weight = tf.mul(weight, tf.gather(classWeights, safeLabels));
    const weighted = tf.mul(nll, weight); // [N]
    if (reduction === 'none') return tf.reshape(weighted, labels.shape);
    const total = tf.sum(weighted);
    if (reduction === 'sum') return total;
    const denominator = tf.sum(weight);
    return tf.div(total, tf.where(tf.greater(denominator, 0), denominator, tf.onesLike(denominator)));
  });
}
