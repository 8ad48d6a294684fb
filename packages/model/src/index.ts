export * from './backend/index.js';

// Configuration and errors
export {
  BERT_DEFAULTS,
  BERT_PRESETS,
  type BertConfig,
  bertPreset,
  HIDDEN_ACTIVATIONS,
  type HiddenAct,
  MODEL_TYPES,
  maxSequenceLength,
  type ModelType,
  PRESET_NAMES,
  PROBLEM_TYPES,
  type PresetName,
  type ProblemType,
  resolveBertConfig,
} from './config.js';
export {
  assertDtype,
  assertShape,
  BertError,
  CheckpointError,
  ConfigError,
  DataError,
  ShapeError,
} from './errors.js';

// Parameters and models
export { baseModelPrefix, checkpointName, tiedDecoderNames } from './params/checkpoint-names.js';
export {
  type InitOptions,
  type Parameter,
  type ParameterLayout,
  ParameterRegistry,
  ParamScope,
} from './params/param-scope.js';
export type { BertInputs, BertModelOutput, ForwardOptions } from './inputs.js';
export {
  architectureName,
  BertPreTrainedModel,
  countParameters,
  type ModelKind,
  type ModelOptions,
} from './pretrained-model.js';
export { BertModel, type BertModelOptions } from './bert-model.js';

// Layers (HF module names)
export { activation, gelu, geluNew } from './layers/activations.js';
export { extendedAttentionMask, MASKED_SCORE } from './layers/attention-mask.js';
export { BertAttention } from './layers/bert-attention.js';
export { BertEmbeddings, robertaPositionIds } from './layers/bert-embeddings.js';
export { BertEncoder } from './layers/bert-encoder.js';
export { BertIntermediate } from './layers/bert-intermediate.js';
export { BertLayer } from './layers/bert-layer.js';
export { BertOutput } from './layers/bert-output.js';
export { BertPooler } from './layers/bert-pooler.js';
export { BertSelfAttention } from './layers/bert-self-attention.js';
export { BertSelfOutput } from './layers/bert-self-output.js';
export { LayerNorm } from './layers/layer-norm.js';
export { Linear } from './layers/linear.js';
export { RunContext } from './layers/run-context.js';

// Heads
export { BertForMaskedLM, type BertForMaskedLMOutput, BertOnlyMLMHead } from './heads/bert-for-masked-lm.js';
export {
  BertForPreTraining,
  type BertForPreTrainingOutput,
  BertPreTrainingHeads,
} from './heads/bert-for-pre-training.js';
export {
  BertForSequenceClassification,
  type BertForSequenceClassificationOutput,
} from './heads/bert-for-sequence-classification.js';
export {
  BertForTokenClassification,
  type BertForTokenClassificationOutput,
} from './heads/bert-for-token-classification.js';
export { BertLMPredictionHead, BertPredictionHeadTransform } from './heads/bert-lm-prediction-head.js';
export { gatherPositions } from './heads/gather-positions.js';
export { resolveProblemType } from './heads/problem-type.js';

// Weights IO (HF layout: config.json + model.safetensors)
export { fromHfConfigJson, type HfConfigJson, labelNames, toHfConfigJson } from './weights/config-json.js';
export { bfloat16BytesToFloat32, decodeBFloat16, decodeFloat16, float16BytesToFloat32 } from './weights/float16.js';
export {
  CONFIG_FILE,
  createModel,
  type LoadModelOptions,
  loadModel,
  modelKindOf,
  saveModel,
  WEIGHTS_FILE,
} from './weights/model-io.js';
export {
  entryToFloat32,
  type Float32Tensor,
  parseSafetensors,
  type SafetensorsEntry,
  type SafetensorsFile,
  serializeSafetensors,
} from './weights/safetensors.js';
export {
  exportStateDict,
  isIgnoredBuffer,
  type LoadOptions,
  type LoadReport,
  loadStateDict,
  type StateDict,
} from './weights/state-dict.js';

// Inference helpers
export { type ArrayBatch, batchToTensors, type EncodeResult, encode } from './inference/encode.js';
export {
  type FillMaskPrediction,
  type FillMaskResult,
  fillMask,
  type MaskFillingTokenizer,
} from './inference/fill-mask.js';
export { type PretrainingPrediction, predictPretraining } from './inference/predict-pretraining.js';
