import * as tf from '@tensorflow/tfjs';
import type { BertConfig } from '../config.js';
import type { ParamScope } from '../params/param-scope.js';
import { Linear } from './linear.js';

/** HF `BertPooler`: tanh(dense(hidden state of the first token, [CLS])). */
export class BertPooler {
  readonly dense: Linear;

  constructor(config: BertConfig, scope: ParamScope) {
    this.dense = new Linear(scope.child('dense'), config.hiddenSize, config.hiddenSize);
  }

  /** [B, T, H] → [B, H]. */
  forward(hidden: tf.Tensor3D): tf.Tensor2D {
    return tf.tidy(() => {
      const [B, , H] = hidden.shape;
      const first = tf.reshape(tf.slice(hidden, [0, 0, 0], [B, 1, H]), [B, H]) as tf.Tensor2D; // [B, H]
      return tf.tanh(this.dense.forward(first)); // [B, H]
    });
  }
}
