import * as tf from '@tensorflow/tfjs';
import type { ParamScope } from '../params/param-scope.js';

/** `nn.LayerNorm` over the last axis: biased variance like PyTorch, `weight` 1 and `bias` 0 at init. */
export class LayerNorm {
  readonly weight: tf.Variable; // [H]
  readonly bias: tf.Variable; // [H]

  constructor(
    scope: ParamScope,
    size: number,
    readonly eps: number,
  ) {
    this.weight = scope.ones('weight', [size]);
    this.bias = scope.zeros('bias', [size]);
  }

  /** [..., H] → [..., H]. */
  forward<R extends tf.Rank>(x: tf.Tensor<R>): tf.Tensor<R> {
    return tf.tidy(() => {
      const { mean, variance } = tf.moments(x, -1, true); // [..., 1]
      const normalized = tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, this.eps))); // [..., H]
      return tf.add(tf.mul(normalized, this.weight), this.bias) as tf.Tensor<R>;
    });
  }
}
