import * as tf from '@tensorflow/tfjs';
import { assertLossShape } from './errors.js';

/** PyTorch's `EPSILON` in `cosine_embedding_loss`, added to both squared norms. */
const EPSILON = 1e-12;

export type CosineEmbeddingOptions = {
  /** [...] of +1 (pull together) or −1 (push apart below `margin`); all +1 when absent (hidden-state distillation). */
  readonly target?: tf.Tensor;
  /** For target −1: loss = max(0, cos − margin). Default 0. */
  readonly margin?: number;
  /** [...]: 1 = include the row, 0 = skip (padding); `mean` then averages over included rows. */
  readonly mask?: tf.Tensor;
  readonly reduction?: 'mean' | 'sum' | 'none';
};

/**
 * PyTorch `CosineEmbeddingLoss` over the last axis: x1, x2 [..., D] → 1 − cos(x1, x2) for target +1 and
 * max(0, cos − margin) for target −1, with cos = x1·x2 / √((‖x1‖² + ε)(‖x2‖² + ε)). DistilBERT aligns student and
 * teacher hidden states with it (target +1, padding masked out).
 */
export function cosineEmbeddingLoss(x1: tf.Tensor, x2: tf.Tensor, options: CosineEmbeddingOptions = {}): tf.Tensor {
  const { target, margin = 0, mask, reduction = 'mean' } = options;
  assertLossShape(x2, x1.shape, 'x2');
  const leading = x1.shape.slice(0, -1);
  if (target !== undefined) assertLossShape(target, leading, 'target');
  if (mask !== undefined) assertLossShape(mask, leading, 'mask');
  return tf.tidy(() => {
    const dot = tf.sum(tf.mul(x1, x2), -1); // [...]
    const squared1 = tf.add(tf.sum(tf.square(x1), -1), EPSILON); // [...]
    const squared2 = tf.add(tf.sum(tf.square(x2), -1), EPSILON); // [...]
    const cosine = tf.div(dot, tf.sqrt(tf.mul(squared1, squared2))); // [...]
    const pull = tf.sub(1, cosine);
    let loss = pull;
    if (target !== undefined) {
      const push = tf.relu(tf.sub(cosine, margin));
      const zeros = tf.zerosLike(cosine);
      const sign = tf.cast(target, 'float32');
      loss = tf.add(tf.where(tf.equal(sign, 1), pull, zeros), tf.where(tf.equal(sign, -1), push, zeros)); // [...]
    }
    const weight = mask === undefined ? undefined : tf.cast(mask, 'float32');
    if (weight !== undefined) loss = tf.mul(loss, weight);
    if (reduction === 'none') return loss;
    const total = tf.sum(loss);
    if (reduction === 'sum') return total;
    return tf.div(total, weight === undefined ? Math.max(1, loss.size) : tf.maximum(tf.sum(weight), 1));
  });
}
