import * as tf from '@tensorflow/tfjs';
import type { BertConfig } from '../config.js';
import { activation } from '../layers/activations.js';
import { LayerNorm } from '../layers/layer-norm.js';
import { Linear } from '../layers/linear.js';
import type { ParamScope } from '../params/param-scope.js';

/** HF `BertPredictionHeadTransform`: dense H → E, activation, LayerNorm (E = H except ALBERT). */
export class BertPredictionHeadTransform {
  readonly dense: Linear;
  readonly layerNorm: LayerNorm;
  readonly #activation: <T extends tf.Tensor>(x: T) => T;

  constructor(config: BertConfig, scope: ParamScope) {
    this.dense = new Linear(scope.child('dense'), config.hiddenSize, config.embeddingSize);
    // RoBERTa's `lm_head` hard-codes exact GELU whatever `hidden_act` says.
    this.#activation = activation(config.modelType === 'roberta' ? 'gelu' : config.hiddenAct);
    this.layerNorm = new LayerNorm(scope.child('LayerNorm'), config.embeddingSize, config.layerNormEps);
  }

  /** [B, P, H] → [B, P, E]. */
  forward(hidden: tf.Tensor3D): tf.Tensor3D {
    return tf.tidy(() => this.layerNorm.forward(this.#activation(this.dense.forward(hidden)))); // [B, P, E]
  }
}

/**
 * HF `BertLMPredictionHead`: transform, then a decoder **tied** to the word embeddings [V, E] plus its own bias [V].
 * The decoder is not a parameter of its own: `cls.predictions.decoder.weight` is the embedding matrix.
 */
export class BertLMPredictionHead {
  readonly transform: BertPredictionHeadTransform;
  readonly bias: tf.Variable; // [V]

  constructor(
    config: BertConfig,
    scope: ParamScope,
    readonly wordEmbeddings: tf.Variable, // [V, E]
  ) {
    this.transform = new BertPredictionHeadTransform(config, scope.child('transform'));
    this.bias = scope.zeros('bias', [config.vocabSize]);
  }

  /** [B, P, H] → logits [B, P, V]. */
  forward(hidden: tf.Tensor3D): tf.Tensor3D {
    return tf.tidy(() => {
      const [B, P] = hidden.shape;
      const transformed = this.transform.forward(hidden); // [B, P, E]
      const flat = tf.reshape(transformed, [B * P, -1]) as tf.Tensor2D; // [B·P, E]
      const logits = tf.add(tf.matMul(flat, this.wordEmbeddings as tf.Tensor2D, false, true), this.bias); // [B·P, V]
      return tf.reshape(logits, [B, P, -1]) as tf.Tensor3D; // [B, P, V]
    });
  }
}
