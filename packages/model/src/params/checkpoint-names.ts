import type { ModelType } from '../config.js';

/**
 * Modules are built with BERT's names (`bert.encoder.layer.0.attention.self.query.weight`, `cls.predictions.bias`);
 * each variant renames them to what its HF classes save. The base-model prefix is chosen by the head (`roberta.`,
 * `distilbert.`, `albert.`), so the rules below only rename what differs inside it and in the heads.
 */
type Rule = readonly [RegExp, string];

const LAYER = String.raw`((?:^|\.)(?:encoder|transformer)\.layer\.\d+\.)`;

const RULES: Readonly<Record<ModelType, readonly Rule[]>> = {
  bert: [],
  roberta: [
    [/^cls\.predictions\.transform\.dense\./, 'lm_head.dense.'],
    [/^cls\.predictions\.transform\.LayerNorm\./, 'lm_head.layer_norm.'],
    [/^cls\.predictions\./, 'lm_head.'],
  ],
  distilbert: [
    [/(^|\.)encoder\.layer\./, '$1transformer.layer.'],
    [new RegExp(`${LAYER}attention\\.self\\.query\\.`), '$1attention.q_lin.'],
    [new RegExp(`${LAYER}attention\\.self\\.key\\.`), '$1attention.k_lin.'],
    [new RegExp(`${LAYER}attention\\.self\\.value\\.`), '$1attention.v_lin.'],
    [new RegExp(`${LAYER}attention\\.output\\.dense\\.`), '$1attention.out_lin.'],
    [new RegExp(`${LAYER}attention\\.output\\.LayerNorm\\.`), '$1sa_layer_norm.'],
    [new RegExp(`${LAYER}intermediate\\.dense\\.`), '$1ffn.lin1.'],
    [new RegExp(`${LAYER}output\\.dense\\.`), '$1ffn.lin2.'],
    [new RegExp(`${LAYER}output\\.LayerNorm\\.`), '$1output_layer_norm.'],
    [/^cls\.predictions\.transform\.dense\./, 'vocab_transform.'],
    [/^cls\.predictions\.transform\.LayerNorm\./, 'vocab_layer_norm.'],
    [/^cls\.predictions\.decoder\./, 'vocab_projector.'],
    [/^cls\.predictions\.bias$/, 'vocab_projector.bias'],
  ],
  albert: [
    [/(^|\.)encoder\.layer\.(\d+)\./, '$1encoder.albert_layer_groups.$2.albert_layers.0.'],
    [/(albert_layers\.0\.attention)\.self\./, '$1.'],
    [/(albert_layers\.0\.attention)\.output\.dense\./, '$1.dense.'],
    [/(albert_layers\.0\.attention)\.output\.LayerNorm\./, '$1.LayerNorm.'],
    [/(albert_layers\.0)\.intermediate\.dense\./, '$1.ffn.'],
    [/(albert_layers\.0)\.output\.dense\./, '$1.ffn_output.'],
    [/(albert_layers\.0)\.output\.LayerNorm\./, '$1.full_layer_layer_norm.'],
    [/(^|\.)pooler\.dense\./, '$1pooler.'],
    [/^cls\.predictions\.transform\./, 'predictions.'],
    [/^cls\.predictions\./, 'predictions.'],
    [/^cls\.seq_relationship\./, 'sop_classifier.classifier.'],
  ],
};

/** BERT-structured name → the name `modelType`'s HF classes use in checkpoints. */
export function checkpointName(bertName: string, modelType: ModelType): string {
  let name = bertName;
  for (const [pattern, replacement] of RULES[modelType]) name = name.replace(pattern, replacement);
  return name;
}

/** Prefix of the base model inside heads (HF `base_model_prefix`). */
export function baseModelPrefix(modelType: ModelType): string {
  return modelType;
}

/**
 * Names HF models tie to other parameters and therefore drop when saving safetensors (`_tied_weights_keys`):
 * the MLM decoder weight (= word embeddings) and decoder bias (= the head's bias).
 */
export function tiedDecoderNames(modelType: ModelType): { weight: string; bias: string } {
  return {
    weight: checkpointName('cls.predictions.decoder.weight', modelType),
    bias: checkpointName('cls.predictions.decoder.bias', modelType),
  };
}
