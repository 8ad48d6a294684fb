import * as tf from '@tensorflow/tfjs';
import type { BertConfig } from './config.js';
import { type BertInputs, type BertModelOutput, checkInputs, type ForwardOptions } from './inputs.js';
import { extendedAttentionMask } from './layers/attention-mask.js';
import { BertEmbeddings } from './layers/bert-embeddings.js';
import { BertEncoder } from './layers/bert-encoder.js';
import { BertPooler } from './layers/bert-pooler.js';
import { RunContext } from './layers/run-context.js';
import { BertPreTrainedModel, type ModelKind, type ModelOptions } from './pretrained-model.js';

export type BertModelOptions = ModelOptions & {
  /** HF `add_pooling_layer` (DistilBERT never has a pooler). */
  readonly addPoolingLayer?: boolean;
};

/**
 * HF `BertModel`: embeddings → encoder → optional pooler. Standalone its parameters are named without prefix
 * (`embeddings.word_embeddings.weight`), as HF saves a base model; inside a head they sit under `bert.` (or the
 * variant's prefix).
 */
export class BertModel extends BertPreTrainedModel<BertModelOutput> {
  readonly kind: ModelKind = 'Model';
  readonly embeddings: BertEmbeddings;
  readonly encoder: BertEncoder;
  readonly pooler: BertPooler | null;

  constructor(config: BertConfig, options: BertModelOptions = {}) {
    super(config, options);
    this.embeddings = new BertEmbeddings(config, this.scope.child('embeddings'));
    this.encoder = new BertEncoder(config, this.scope.child('encoder'));
    const pooled = (options.addPoolingLayer ?? true) && config.modelType !== 'distilbert';
    this.pooler = pooled ? new BertPooler(config, this.scope.child('pooler')) : null;
  }

  /** inputIds [B, T] int32 (+ optional tokenTypeIds, attentionMask) → lastHiddenState [B, T, H], poolerOutput [B, H]. */
  forward(inputs: BertInputs, options: ForwardOptions): BertModelOutput {
    return this.run(inputs, options, new RunContext(options.training, options.dropoutSeed));
  }

  /** `forward` with a caller-provided context, so heads share the dropout sequence of one call. */
  run(inputs: BertInputs, options: ForwardOptions, context: RunContext): BertModelOutput {
    checkInputs(inputs);
    return tf.tidy(() => {
      const { inputIds, tokenTypeIds } = inputs;
      const attentionMask = inputs.attentionMask ?? tf.ones(inputIds.shape, 'int32'); // [B, T]
      const additiveMask = extendedAttentionMask(attentionMask); // [B, 1, 1, T]
      const embedded = this.embeddings.forward(inputIds, tokenTypeIds, context); // [B, T, E]
      const encoded = this.encoder.forward(embedded, additiveMask, context, {
        outputAttentions: options.outputAttentions ?? false,
        outputHiddenStates: options.outputHiddenStates ?? false,
      });
      return {
        lastHiddenState: encoded.lastHiddenState, // [B, T, H]
        poolerOutput: this.pooler?.forward(encoded.lastHiddenState), // [B, H]
        hiddenStates: encoded.hiddenStates,
        attentions: encoded.attentions,
      };
    });
  }
}
