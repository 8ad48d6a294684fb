import * as tf from '@tensorflow/tfjs';
import { DROPOUT_KERNEL } from './kernels/dropout-kernel.js';

/**
 * Inverted dropout (keep with probability 1 − rate, scale kept values by 1 / (1 − rate)), a drop-in for
 * `tf.dropout(x, rate, undefined, seed)`. On wasm with the kernel fixes it draws its mask in the wasm kernel from a
 * counter-based hash of (seed, index) — ~50× faster than tf.dropout's JS RNG, which costs ≈0.4 s per training step
 * of a small BERT — and its gradient regenerates the mask instead of storing it. Same seed, same mask (but a
 * different stream from tf.dropout's). Elsewhere, or for non-float32 input, it is `tf.dropout`.
 *
 * @example
 * const hidden = fastDropout(tf.ones([2, 4]), 0.1, 42); // [2, 4]: entries 0 or 1/0.9, reproducible for seed 42
 */
export function fastDropout<T extends tf.Tensor>(x: T, rate: number, seed?: number): T {
  if (!(rate >= 0 && rate < 1)) throw new Error(`dropout rate (${rate}) must be in [0, 1)`);
  if (rate === 0) return x.clone();
  if (tf.getBackend() !== 'wasm' || x.dtype !== 'float32' || tf.getKernel(DROPOUT_KERNEL, 'wasm') == null) {
    return tf.dropout(x, rate, undefined, seed) as T;
  }
  const attrs = { rate, seed: seed ?? Math.floor(Math.random() * 2 ** 32) };
  const run = (input: tf.Tensor) =>
    tf.engine().runKernel(DROPOUT_KERNEL, { x: input }, attrs as unknown as tf.NamedAttrMap) as tf.Tensor;
  const forward = (input: tf.Tensor) => ({ value: run(input), gradFunc: (dy: tf.Tensor) => run(dy) });
  const apply = tf.customGrad(forward as unknown as Parameters<typeof tf.customGrad>[0]);
  return apply(x) as T;
}
