import * as tf from '@tensorflow/tfjs';
import { BertModel } from '../bert-model.js';
import type { BertConfig } from '../config.js';
import type { BertInputs, BertModelOutput, ForwardOptions } from '../inputs.js';
import { RunContext } from '../layers/run-context.js';
import { baseModelPrefix } from '../params/checkpoint-names.js';
import type { ParamScope } from '../params/param-scope.js';
import { BertPreTrainedModel, type ModelKind, type ModelOptions } from '../pretrained-model.js';
import { BertLMPredictionHead } from './bert-lm-prediction-head.js';
import { gatherPositions } from './gather-positions.js';

export type BertForMaskedLMOutput = BertModelOutput & {
  /** MLM logits at `maskedPositions` [B, P, V], or at every position [B, T, V]. */
  readonly logits: tf.Tensor3D;
};

/** HF `BertOnlyMLMHead` (`cls`). */
export class BertOnlyMLMHead {
  readonly predictions: BertLMPredictionHead;

  constructor(config: BertConfig, scope: ParamScope, wordEmbeddings: tf.Variable) {
    this.predictions = new BertLMPredictionHead(config, scope.child('predictions'), wordEmbeddings);
  }
}

/**
 * HF `BertForMaskedLM` (and `RobertaForMaskedLM`, `DistilBertForMaskedLM`, `AlbertForMaskedLM` by renaming):
 * base model without pooler + tied MLM head. Pass `maskedPositions` to compute logits only where needed.
 */
export class BertForMaskedLM extends BertPreTrainedModel<BertForMaskedLMOutput> {
  readonly kind: ModelKind = 'ForMaskedLM';
  readonly bert: BertModel;
  readonly cls: BertOnlyMLMHead;

  constructor(config: BertConfig, options: ModelOptions = {}) {
    super(config, options);
    const scope = this.scope.child(baseModelPrefix(config.modelType));
    this.bert = new BertModel(config, { scope, addPoolingLayer: false });
    this.cls = new BertOnlyMLMHead(config, this.scope.child('cls'), this.bert.embeddings.wordEmbeddings);
  }

  forward(inputs: BertInputs, options: ForwardOptions): BertForMaskedLMOutput {
    const context = new RunContext(options.training, options.dropoutSeed);
    return tf.tidy(() => {
      const base = this.bert.run(inputs, options, context);
      const sequence = base.lastHiddenState; // [B, T, H]
      const selected =
        inputs.maskedPositions === undefined ? sequence : gatherPositions(sequence, inputs.maskedPositions); // [B, P, H]
      return { ...base, logits: this.cls.predictions.forward(selected) }; // logits [B, P, V]
    });
  }
}
