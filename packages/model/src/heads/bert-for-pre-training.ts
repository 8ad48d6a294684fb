import * as tf from '@tensorflow/tfjs';
import { BertModel } from '../bert-model.js';
import type { BertConfig } from '../config.js';
import { ConfigError } from '../errors.js';
import type { BertInputs, BertModelOutput, ForwardOptions } from '../inputs.js';
import { Linear } from '../layers/linear.js';
import { RunContext } from '../layers/run-context.js';
import { baseModelPrefix } from '../params/checkpoint-names.js';
import type { ParamScope } from '../params/param-scope.js';
import { BertPreTrainedModel, type ModelKind, type ModelOptions } from '../pretrained-model.js';
import { BertLMPredictionHead } from './bert-lm-prediction-head.js';
import { gatherPositions } from './gather-positions.js';

export type BertForPreTrainingOutput = BertModelOutput & {
  /** MLM logits at `maskedPositions` [B, P, V], or at every position [B, T, V] when none are given. */
  readonly prediction_logits: tf.Tensor3D;
  /** NSP (ALBERT: sentence-order) logits [B, 2] from the pooled [CLS]. */
  readonly seq_relationship_logits: tf.Tensor2D;
};

/** HF `BertPreTrainingHeads` (`cls`): the MLM head and the 2-way next-sentence (or sentence-order) classifier. */
export class BertPreTrainingHeads {
  readonly predictions: BertLMPredictionHead;
  readonly seqRelationship: Linear;

  constructor(config: BertConfig, scope: ParamScope, wordEmbeddings: tf.Variable) {
    this.predictions = new BertLMPredictionHead(config, scope.child('predictions'), wordEmbeddings);
    this.seqRelationship = new Linear(scope.child('seq_relationship'), config.hiddenSize, 2);
  }
}

/**
 * HF `BertForPreTraining` (ALBERT: `AlbertForPreTraining`, whose SOP head has dropout before the classifier).
 * MLM logits are computed only at `maskedPositions` when given: [B, P, V] instead of [B, T, V].
 */
export class BertForPreTraining extends BertPreTrainedModel<BertForPreTrainingOutput> {
  readonly kind: ModelKind = 'ForPreTraining';
  readonly bert: BertModel;
  readonly cls: BertPreTrainingHeads;

  constructor(config: BertConfig, options: ModelOptions = {}) {
    super(config, options);
    if (config.modelType === 'roberta' || config.modelType === 'distilbert') {
      throw new ConfigError(
        `BertForPreTraining needs an NSP/SOP head, which modelType "${config.modelType}" does not have; use BertForMaskedLM`,
      );
    }
    this.bert = new BertModel(config, { scope: this.scope.child(baseModelPrefix(config.modelType)) });
    this.cls = new BertPreTrainingHeads(config, this.scope.child('cls'), this.bert.embeddings.wordEmbeddings);
  }

  forward(inputs: BertInputs, options: ForwardOptions): BertForPreTrainingOutput {
    const context = new RunContext(options.training, options.dropoutSeed);
    return tf.tidy(() => {
      const base = this.bert.run(inputs, options, context);
      const sequence = base.lastHiddenState; // [B, T, H]
      const selected =
        inputs.maskedPositions === undefined ? sequence : gatherPositions(sequence, inputs.maskedPositions); // [B, P, H]
      const pooled = base.poolerOutput as tf.Tensor2D; // [B, H]
      const sopDropout =
        this.config.modelType === 'albert' ? (this.config.classifierDropout ?? this.config.hiddenDropoutProb) : 0;
      return {
        ...base,
        prediction_logits: this.cls.predictions.forward(selected), // [B, P, V]
        seq_relationship_logits: this.cls.seqRelationship.forward(context.dropout(pooled, sopDropout)), // [B, 2]
      };
    });
  }
}
