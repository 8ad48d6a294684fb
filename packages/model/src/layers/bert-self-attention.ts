import * as tf from '@tensorflow/tfjs';
import type { BertConfig } from '../config.js';
import type { ParamScope } from '../params/param-scope.js';
import { Linear } from './linear.js';
import type { RunContext } from './run-context.js';

export type SelfAttentionResult = {
  readonly context: tf.Tensor3D; // [B, T, H]
  /** Attention probabilities before dropout, when asked for (HF returns them after dropout; equal in eval). */
  readonly probs: tf.Tensor4D | undefined; // [B, N, T, T]
};

/**
 * HF `BertSelfAttention`: scaled dot-product attention over N heads of size D = H / N, with an additive padding
 * mask and dropout on the probabilities.
 */
export class BertSelfAttention {
  readonly query: Linear;
  readonly key: Linear;
  readonly value: Linear;

  constructor(
    readonly config: BertConfig,
    scope: ParamScope,
  ) {
    const H = config.hiddenSize;
    this.query = new Linear(scope.child('query'), H, H);
    this.key = new Linear(scope.child('key'), H, H);
    this.value = new Linear(scope.child('value'), H, H);
  }

  /** hidden [B, T, H]; additiveMask [B, 1, 1, T] (0 = attend, very negative = masked) → context [B, T, H]. */
  forward(
    hidden: tf.Tensor3D,
    additiveMask: tf.Tensor4D,
    context: RunContext,
    outputAttentions = false,
  ): SelfAttentionResult {
    return tf.tidy(() => {
      const [B, T, H] = hidden.shape;
      const N = this.config.numAttentionHeads;
      const D = H / N;
      const toHeads = (x: tf.Tensor3D) => tf.transpose(tf.reshape(x, [B, T, N, D]), [0, 2, 1, 3]); // [B, N, T, D]
      const query = toHeads(this.query.forward(hidden));
      const key = toHeads(this.key.forward(hidden));
      const value = toHeads(this.value.forward(hidden));
      const scores = tf.div(tf.matMul(query, key, false, true), Math.sqrt(D)); // [B, N, T, T]
      const probs = tf.softmax(tf.add(scores, additiveMask)) as tf.Tensor4D; // [B, N, T, T]
      const dropped = context.dropout(probs, this.config.attentionProbsDropoutProb);
      const merged = tf.transpose(tf.matMul(dropped, value), [0, 2, 1, 3]); // [B, T, N, D]
      return {
        context: tf.reshape(merged, [B, T, H]) as tf.Tensor3D, // [B, T, H]
        probs: outputAttentions ? probs : undefined,
      };
    });
  }
}
