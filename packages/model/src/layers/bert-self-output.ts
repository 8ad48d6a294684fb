import * as tf from '@tensorflow/tfjs';
import type { BertConfig } from '../config.js';
import type { ParamScope } from '../params/param-scope.js';
import { LayerNorm } from './layer-norm.js';
import { Linear } from './linear.js';
import type { RunContext } from './run-context.js';

/** HF `BertSelfOutput`: output projection, dropout, then post-LN around the attention residual. */
export class BertSelfOutput {
  readonly dense: Linear;
  readonly layerNorm: LayerNorm;

  constructor(
    readonly config: BertConfig,
    scope: ParamScope,
  ) {
    this.dense = new Linear(scope.child('dense'), config.hiddenSize, config.hiddenSize);
    this.layerNorm = new LayerNorm(scope.child('LayerNorm'), config.hiddenSize, config.layerNormEps);
  }

  /** attention context [B, T, H], residual input [B, T, H] → [B, T, H]. */
  forward(hidden: tf.Tensor3D, input: tf.Tensor3D, context: RunContext): tf.Tensor3D {
    return tf.tidy(() => {
      const projected = context.dropout(this.dense.forward(hidden), this.config.hiddenDropoutProb); // [B, T, H]
      return this.layerNorm.forward(tf.add(projected, input) as tf.Tensor3D);
    });
  }
}
