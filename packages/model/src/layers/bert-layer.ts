import * as tf from '@tensorflow/tfjs';
import type { BertConfig } from '../config.js';
import type { ParamScope } from '../params/param-scope.js';
import { BertAttention } from './bert-attention.js';
import { BertIntermediate } from './bert-intermediate.js';
import { BertOutput } from './bert-output.js';
import type { RunContext } from './run-context.js';

export type LayerResult = {
  readonly hidden: tf.Tensor3D; // [B, T, H]
  readonly probs: tf.Tensor4D | undefined; // [B, N, T, T]
};

/**
 * HF `BertLayer`, post-LN: h = LN(x + Attention(x)); out = LN(h + W2 act(W1 h)). Both residuals are kept (the course's
 * code drops the second and re-creates the projection and LayerNorm on every call).
 */
export class BertLayer {
  readonly attention: BertAttention;
  readonly intermediate: BertIntermediate;
  readonly output: BertOutput;

  constructor(config: BertConfig, scope: ParamScope) {
    this.attention = new BertAttention(config, scope.child('attention'));
    this.intermediate = new BertIntermediate(config, scope.child('intermediate'));
    this.output = new BertOutput(config, scope.child('output'));
  }

  /** hidden [B, T, H], additiveMask [B, 1, 1, T] → [B, T, H]. */
  forward(hidden: tf.Tensor3D, additiveMask: tf.Tensor4D, context: RunContext, outputAttentions = false): LayerResult {
    return tf.tidy(() => {
      const attended = this.attention.forward(hidden, additiveMask, context, outputAttentions); // [B, T, H]
      const expanded = this.intermediate.forward(attended.output); // [B, T, I]
      return { hidden: this.output.forward(expanded, attended.output, context), probs: attended.probs };
    });
  }
}
