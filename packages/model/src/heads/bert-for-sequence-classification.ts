import * as tf from '@tensorflow/tfjs';
import { BertModel } from '../bert-model.js';
import type { BertConfig } from '../config.js';
import { ConfigError } from '../errors.js';
import type { BertInputs, BertModelOutput, ForwardOptions } from '../inputs.js';
import { Linear } from '../layers/linear.js';
import { RunContext } from '../layers/run-context.js';
import { baseModelPrefix } from '../params/checkpoint-names.js';
import { BertPreTrainedModel, type ModelKind, type ModelOptions } from '../pretrained-model.js';

export type BertForSequenceClassificationOutput = BertModelOutput & {
  /** [B, C]: class logits, or the regression value when C = 1 (see `resolveProblemType`). */
  readonly logits: tf.Tensor2D;
};

/**
 * HF `BertForSequenceClassification` (ALBERT's is the same): pooled [CLS] → dropout → `classifier` [H → C].
 * Works for single sentences and pairs (pairs differ only in `tokenTypeIds`).
 */
export class BertForSequenceClassification extends BertPreTrainedModel<BertForSequenceClassificationOutput> {
  readonly kind: ModelKind = 'ForSequenceClassification';
  readonly bert: BertModel;
  readonly classifier: Linear;

  constructor(config: BertConfig, options: ModelOptions = {}) {
    super(config, options);
    if (config.modelType === 'roberta' || config.modelType === 'distilbert') {
      // Their HF heads (`classifier.dense/out_proj`, `pre_classifier` + ReLU) replace the pooler: not built yet.
      throw new ConfigError(
        `BertForSequenceClassification does not implement the "${config.modelType}" classification head yet; use modelType "bert" or "albert"`,
      );
    }
    this.bert = new BertModel(config, { scope: this.scope.child(baseModelPrefix(config.modelType)) });
    this.classifier = new Linear(this.scope.child('classifier'), config.hiddenSize, config.numLabels);
  }

  forward(inputs: BertInputs, options: ForwardOptions): BertForSequenceClassificationOutput {
    const context = new RunContext(options.training, options.dropoutSeed);
    return tf.tidy(() => {
      const base = this.bert.run(inputs, options, context);
      const rate = this.config.classifierDropout ?? this.config.hiddenDropoutProb;
      const pooled = context.dropout(base.poolerOutput as tf.Tensor2D, rate); // [B, H]
      return { ...base, logits: this.classifier.forward(pooled) }; // logits [B, C]
    });
  }
}
