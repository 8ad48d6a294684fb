import * as tf from '@tensorflow/tfjs';
import type { BertConfig } from '../config.js';
import type { ParamScope } from '../params/param-scope.js';
import { BertLayer } from './bert-layer.js';
import { Linear } from './linear.js';
import type { RunContext } from './run-context.js';

export type EncoderResult = {
  readonly lastHiddenState: tf.Tensor3D; // [B, T, H]
  /** Input of the first layer, then the output of each layer (L + 1 tensors), when asked for. */
  readonly hiddenStates: tf.Tensor3D[] | undefined;
  readonly attentions: tf.Tensor4D[] | undefined; // L × [B, N, T, T]
};

/**
 * HF `BertEncoder`: `numHiddenLayers` layers applied in order. ALBERT shares parameters: layer i runs parameter
 * group ⌊i · G / L⌋ of `numHiddenGroups` (G) groups, and `embedding_hidden_mapping_in` first projects E → H.
 */
export class BertEncoder {
  readonly layer: readonly BertLayer[]; // one per parameter group
  readonly embeddingHiddenMappingIn: Linear | null;

  constructor(
    readonly config: BertConfig,
    scope: ParamScope,
  ) {
    this.embeddingHiddenMappingIn =
      config.modelType === 'albert'
        ? new Linear(scope.child('embedding_hidden_mapping_in'), config.embeddingSize, config.hiddenSize)
        : null;
    const groups = Array.from({ length: config.numHiddenGroups }, (_, index) => index);
    this.layer = groups.map((index) => new BertLayer(config, scope.child('layer').child(index)));
  }

  /** embeddings [B, T, E], additiveMask [B, 1, 1, T] → [B, T, H]. */
  forward(
    embeddings: tf.Tensor3D,
    additiveMask: tf.Tensor4D,
    context: RunContext,
    { outputAttentions = false, outputHiddenStates = false } = {},
  ): EncoderResult {
    return tf.tidy(() => {
      let hidden = this.embeddingHiddenMappingIn?.forward(embeddings) ?? embeddings; // [B, T, H]
      const hiddenStates: tf.Tensor3D[] = [];
      const attentions: tf.Tensor4D[] = [];
      const { numHiddenLayers: L, numHiddenGroups: G } = this.config;
      for (let index = 0; index < L; index++) {
        if (outputHiddenStates) hiddenStates.push(hidden);
        const layer = this.layer[Math.floor((index * G) / L)] as BertLayer;
        const result = layer.forward(hidden, additiveMask, context, outputAttentions);
        hidden = result.hidden; // [B, T, H]
        if (result.probs !== undefined) attentions.push(result.probs);
      }
      if (outputHiddenStates) hiddenStates.push(hidden);
      return {
        lastHiddenState: hidden,
        hiddenStates: outputHiddenStates ? hiddenStates : undefined,
        attentions: outputAttentions ? attentions : undefined,
      };
    });
  }
}
