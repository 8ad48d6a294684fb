import * as tf from '@tensorflow/tfjs';
import { BertModel } from '../bert-model.js';
import type { BertConfig } from '../config.js';
import type { BertInputs, BertModelOutput, ForwardOptions } from '../inputs.js';
import { Linear } from '../layers/linear.js';
import { RunContext } from '../layers/run-context.js';
import { baseModelPrefix } from '../params/checkpoint-names.js';
import { BertPreTrainedModel, type ModelKind, type ModelOptions } from '../pretrained-model.js';

export type BertForTokenClassificationOutput = BertModelOutput & {
  readonly logits: tf.Tensor3D; // [B, T, C]
};

/** HF `BertForTokenClassification` (tagging, NER): base model without pooler → dropout → `classifier` per token. */
export class BertForTokenClassification extends BertPreTrainedModel<BertForTokenClassificationOutput> {
  readonly kind: ModelKind = 'ForTokenClassification';
  readonly bert: BertModel;
  readonly classifier: Linear;

  constructor(config: BertConfig, options: ModelOptions = {}) {
    super(config, options);
    const scope = this.scope.child(baseModelPrefix(config.modelType));
    this.bert = new BertModel(config, { scope, addPoolingLayer: false });
    this.classifier = new Linear(this.scope.child('classifier'), config.hiddenSize, config.numLabels);
  }

  forward(inputs: BertInputs, options: ForwardOptions): BertForTokenClassificationOutput {
    const context = new RunContext(options.training, options.dropoutSeed);
    return tf.tidy(() => {
      const base = this.bert.run(inputs, options, context);
      const rate = this.config.classifierDropout ?? this.config.hiddenDropoutProb;
      const sequence = context.dropout(base.lastHiddenState, rate); // [B, T, H]
      return { ...base, logits: this.classifier.forward(sequence) }; // logits [B, T, C]
    });
  }
}
