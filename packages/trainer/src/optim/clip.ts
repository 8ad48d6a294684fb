import { ConfigError } from '@bert/core';
import * as tf from '@tensorflow/tfjs';

/** Added to the norm before dividing, as PyTorch's `clip_grad_norm_` does, so a zero gradient stays finite. */
const NORM_EPSILON = 1e-6;

export interface ClippedGradients {
  /** The gradients scaled by min(1, maxNorm / (norm + 1e-6)); same names and shapes as the input. */
  readonly gradients: Map<string, tf.Tensor>;
  /** Global L2 norm before clipping, [] float32 — what the JSONL log calls `grad_norm`. */
  readonly norm: tf.Scalar;
}

/**
 * PyTorch `clip_grad_norm_(parameters, maxNorm)`: one global L2 norm over every gradient, and every gradient scaled by
 * the same factor when it exceeds `maxNorm`, so the update keeps its direction. Computed in-graph (no sync): the norm
 * comes back as a tensor, read with the loss at the step's single sync. `maxNorm: Infinity` only measures.
 * Returns new tensors (the caller disposes both inputs and outputs).
 *
 * @example clipByGlobalNorm(new Map([['w', tf.tensor1d([3, 4])]]), 1) // norm 5, w → [0.6, 0.8]
 */
export function clipByGlobalNorm(gradients: ReadonlyMap<string, tf.Tensor>, maxNorm = 1.0): ClippedGradients {
  if (!(maxNorm > 0)) throw new ConfigError(`maxNorm (${maxNorm}) must be positive (Infinity disables clipping)`);
  if (gradients.size === 0) throw new ConfigError('clipByGlobalNorm needs at least one gradient');
  const names = [...gradients.keys()];
  // tidy keeps tensors found in arrays and plain objects, not in Maps: return an array.
  const [norm, ...clipped] = tf.tidy(() => {
    const squares = [...gradients.values()].map((gradient) => tf.sum(tf.square(gradient))); // each []
    const total = tf.sqrt(tf.addN(squares)) as tf.Scalar; // []
    if (maxNorm === Number.POSITIVE_INFINITY) return [total, ...[...gradients.values()].map((g) => tf.clone(g))];
    const factor = tf.minimum(tf.div(tf.scalar(maxNorm), tf.add(total, tf.scalar(NORM_EPSILON))), tf.scalar(1)); // []
    return [total, ...[...gradients.values()].map((gradient) => tf.mul(gradient, factor))];
  });
  return {
    gradients: new Map(names.map((name, index) => [name, clipped[index] as tf.Tensor])),
    norm: norm as tf.Scalar,
  };
}
