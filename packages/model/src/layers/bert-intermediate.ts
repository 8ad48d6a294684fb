import * as tf from '@tensorflow/tfjs';
import type { BertConfig } from '../config.js';
import type { ParamScope } from '../params/param-scope.js';
import { activation } from './activations.js';
import { Linear } from './linear.js';

/** HF `BertIntermediate`: the feed-forward expansion H → intermediateSize followed by `hiddenAct`. */
export class BertIntermediate {
  readonly dense: Linear;
  readonly #activation: <T extends tf.Tensor>(x: T) => T;

  constructor(config: BertConfig, scope: ParamScope) {
    this.dense = new Linear(scope.child('dense'), config.hiddenSize, config.intermediateSize);
    this.#activation = activation(config.hiddenAct);
  }

  /** [B, T, H] → [B, T, I]. */
  forward(hidden: tf.Tensor3D): tf.Tensor3D {
    return tf.tidy(() => this.#activation(this.dense.forward(hidden))); // [B, T, I]
  }
}
