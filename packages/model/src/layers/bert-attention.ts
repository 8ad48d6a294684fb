import * as tf from '@tensorflow/tfjs';
import type { BertConfig } from '../config.js';
import type { ParamScope } from '../params/param-scope.js';
import { BertSelfAttention } from './bert-self-attention.js';
import { BertSelfOutput } from './bert-self-output.js';
import type { RunContext } from './run-context.js';

export type AttentionResult = {
  readonly output: tf.Tensor3D; // [B, T, H]
  readonly probs: tf.Tensor4D | undefined; // [B, N, T, T]
};

/** HF `BertAttention`: `self` (multi-head attention) followed by `output` (projection + residual + LayerNorm). */
export class BertAttention {
  readonly self: BertSelfAttention;
  readonly output: BertSelfOutput;

  constructor(config: BertConfig, scope: ParamScope) {
    this.self = new BertSelfAttention(config, scope.child('self'));
    this.output = new BertSelfOutput(config, scope.child('output'));
  }

  /** hidden [B, T, H], additiveMask [B, 1, 1, T] → [B, T, H]. */
  forward(
    hidden: tf.Tensor3D,
    additiveMask: tf.Tensor4D,
    context: RunContext,
    outputAttentions = false,
  ): AttentionResult {
    return tf.tidy(() => {
      const attended = this.self.forward(hidden, additiveMask, context, outputAttentions);
      return { output: this.output.forward(attended.context, hidden, context), probs: attended.probs };
    });
  }
}
