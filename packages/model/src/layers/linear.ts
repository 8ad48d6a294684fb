import * as tf from '@tensorflow/tfjs';
import type { ParamScope } from '../params/param-scope.js';

/**
 * `nn.Linear` with HF's init: `weight` ~ N(0, initializerRange) kept as [in, out] (saved as PyTorch's [out, in]),
 * `bias` zero. Any leading dimensions are flattened so the product is one 2-D matMul.
 */
export class Linear {
  readonly weight: tf.Variable; // [in, out]
  readonly bias: tf.Variable | null; // [out]

  constructor(
    scope: ParamScope,
    readonly inFeatures: number,
    readonly outFeatures: number,
    { bias = true }: { bias?: boolean } = {},
  ) {
    this.weight = scope.normal('weight', [inFeatures, outFeatures], 'linear-kernel');
    this.bias = bias ? scope.zeros('bias', [outFeatures]) : null;
  }

  /** [..., in] float32 → [..., out] float32. */
  forward<R extends tf.Rank>(x: tf.Tensor<R>): tf.Tensor<R> {
    return tf.tidy(() => {
      const leading = x.shape.slice(0, -1);
      const flat = tf.reshape(x, [-1, this.inFeatures]) as tf.Tensor2D; // [M, in]
      const product = tf.fused.matMul({ a: flat, b: this.weight as tf.Tensor2D, bias: this.bias ?? undefined }); // [M, out]
      return tf.reshape<tf.Rank>(product, [...leading, this.outFeatures]) as tf.Tensor<R>; // [..., out]
    });
  }
}
