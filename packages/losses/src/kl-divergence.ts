import * as tf from '@tensorflow/tfjs';
import { assertLossShape } from './errors.js';

export type KlDivergenceOptions = {
  /** `target` holds logits (softmaxed at `temperature`) rather than probabilities. Default true. */
  readonly targetIsLogits?: boolean;
  /** Distillation temperature T: both distributions are softened by T and the loss is scaled by T². Default 1. */
  readonly temperature?: number;
  /**
   * `batchmean` (default): sum / rows, where rows are the positions over all leading axes ([B] or [B·T]), or the number
   * of rows kept by `mask`; `sum`; `mean`: sum / number of elements (PyTorch's `mean`, rarely what you want).
   */
  readonly reduction?: 'batchmean' | 'mean' | 'sum';
  /** [...] over the leading axes: 1 = include the row, 0 = skip (padding in token-level distillation). */
  readonly mask?: tf.Tensor;
};

/**
 * KL(target ‖ student) = Σ_c p_t (log p_t − log p_s), summed over classes: student logits [..., C], target [..., C]
 * (teacher logits, or probabilities with `targetIsLogits: false`) → scalar, × T² (Hinton et al. 2015) so gradients
 * keep their scale across temperatures. Terms with p_t = 0 contribute 0.
 *
 * With a one-hot target, KL equals the cross-entropy minus the target's entropy, which is 0 for one-hot: KL = CE.
 * With a label-smoothed target q = (1 − ε)·onehot + ε/C, KL = CE(q, p_s) − H(q): the same gradients as smoothed
 * cross-entropy. That is the course's exercise "use KL divergence instead of CrossEntropyLoss for MLM".
 *
 * @example klDivergence(studentLogits, teacherLogits, { temperature: 2 }) // distillation loss, batch mean
 */
export function klDivergence(student: tf.Tensor, target: tf.Tensor, options: KlDivergenceOptions = {}): tf.Scalar {
  const { targetIsLogits = true, temperature = 1, reduction = 'batchmean', mask } = options;
  assertLossShape(target, student.shape, 'target');
  const leading = student.shape.slice(0, -1);
  if (mask !== undefined) assertLossShape(mask, leading, 'mask');
  if (!(temperature > 0)) throw new RangeError(`temperature (${temperature}) must be positive`);
  return tf.tidy(() => {
    const logStudent = tf.logSoftmax(tf.div(student, temperature)); // [..., C]
    let logTarget: tf.Tensor;
    let probabilities: tf.Tensor;
    if (targetIsLogits) {
      logTarget = tf.logSoftmax(tf.div(target, temperature)); // [..., C]
      probabilities = tf.exp(logTarget);
    } else {
      probabilities = target;
      // log(1) = 0 where p = 0, so 0 · log 0 is 0 and no gradient is NaN.
      logTarget = tf.log(tf.where(tf.greater(target, 0), target, tf.onesLike(target)));
    }
    const pointwise = tf.mul(probabilities, tf.sub(logTarget, logStudent)); // [..., C]
    let rowLoss = tf.sum(pointwise, -1); // [...]
    if (mask !== undefined) rowLoss = tf.mul(rowLoss, tf.cast(mask, 'float32'));
    const total = tf.mul(tf.sum(rowLoss), temperature * temperature);
    if (reduction === 'sum') return total as tf.Scalar;
    if (reduction === 'mean') return tf.div(total, student.size) as tf.Scalar;
    const rows =
      mask === undefined ? tf.scalar(Math.max(1, rowCount(leading))) : tf.maximum(tf.sum(tf.cast(mask, 'float32')), 1);
    return tf.div(total, rows) as tf.Scalar;
  });
}

function rowCount(shape: readonly number[]): number {
  return shape.reduce((product, size) => product * size, 1);
}
