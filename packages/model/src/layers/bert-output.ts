import * as tf from '@tensorflow/tfjs';
import type { BertConfig } from '../config.js';
import type { ParamScope } from '../params/param-scope.js';
import { LayerNorm } from './layer-norm.js';
import { Linear } from './linear.js';
import type { RunContext } from './run-context.js';

/** HF `BertOutput`: the feed-forward contraction I → H, dropout, then post-LN around the FFN residual. */
export class BertOutput {
  readonly dense: Linear;
  readonly layerNorm: LayerNorm;

  constructor(
    readonly config: BertConfig,
    scope: ParamScope,
  ) {
    this.dense = new Linear(scope.child('dense'), config.intermediateSize, config.hiddenSize);
    this.layerNorm = new LayerNorm(scope.child('LayerNorm'), config.hiddenSize, config.layerNormEps);
  }

  /** intermediate [B, T, I], residual (the attention output) [B, T, H] → [B, T, H]. */
  forward(intermediate: tf.Tensor3D, input: tf.Tensor3D, context: RunContext): tf.Tensor3D {
    return tf.tidy(() => {
      const projected = context.dropout(this.dense.forward(intermediate), this.config.hiddenDropoutProb); // [B, T, H]
      return this.layerNorm.forward(tf.add(projected, input) as tf.Tensor3D);
    });
  }
}
