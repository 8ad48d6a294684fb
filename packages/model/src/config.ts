import { ConfigError } from './errors.js';

/** Architectures that share BERT's layer structure and differ in a few switches (see `BertConfig`). */
export const MODEL_TYPES = ['bert', 'roberta', 'distilbert', 'albert'] as const;
export type ModelType = (typeof MODEL_TYPES)[number];

export const HIDDEN_ACTIVATIONS = ['gelu', 'gelu_new', 'relu'] as const;
/** HF `hidden_act`: `gelu` is the exact erf form, `gelu_new` the tanh approximation (ALBERT, GPT-2). */
export type HiddenAct = (typeof HIDDEN_ACTIVATIONS)[number];

export const PROBLEM_TYPES = ['regression', 'single_label_classification', 'multi_label_classification'] as const;
/** HF `problem_type`; `null` lets the loss be chosen from `numLabels` and the labels' dtype. */
export type ProblemType = (typeof PROBLEM_TYPES)[number];

/**
 * Hyper-parameters of a BERT-family model: HF field names in camelCase (`config.json` keeps snake_case).
 * Resolve with `resolveBertConfig`; a resolved config is frozen and never mutated.
 *
 * Variants are expressed by switches rather than subclasses:
 * - ALBERT: `embeddingSize` (E) < `hiddenSize` (H), projected by `encoder.embedding_hidden_mapping_in`, and
 *   `numHiddenGroups` parameter sets shared by `numHiddenLayers` layers (1 = every layer shares one set).
 * - DistilBERT: `typeVocabSize` 0 (no token-type embeddings) and no pooler.
 * - RoBERTa: position ids start at `padTokenId + 1` and padding tokens get position `padTokenId`.
 */
export interface BertConfig {
  readonly modelType: ModelType;
  readonly vocabSize: number; // V
  readonly hiddenSize: number; // H
  readonly embeddingSize: number; // E, equals H except for ALBERT
  readonly numHiddenLayers: number;
  readonly numHiddenGroups: number; // equals numHiddenLayers except for ALBERT
  readonly numAttentionHeads: number; // N, divides H; D = H / N
  readonly intermediateSize: number; // usually 4H
  readonly hiddenAct: HiddenAct;
  readonly hiddenDropoutProb: number;
  readonly attentionProbsDropoutProb: number;
  readonly maxPositionEmbeddings: number;
  readonly typeVocabSize: number; // 0 = no token-type embeddings
  readonly initializerRange: number;
  readonly layerNormEps: number;
  readonly padTokenId: number;
  /** C: outputs of the classification heads; 1 means regression when `problemType` is unset. */
  readonly numLabels: number;
  /** Label names by id (`config.json` `id2label`), or `null` for HF's default `LABEL_i`. */
  readonly id2label: readonly string[] | null;
  readonly problemType: ProblemType | null;
  /** Dropout before the classifier; `null` uses `hiddenDropoutProb` as HF does. */
  readonly classifierDropout: number | null;
}

/** HF `BertConfig()` defaults (bert-base-uncased's shapes). */
export const BERT_DEFAULTS: BertConfig = Object.freeze({
  modelType: 'bert',
  vocabSize: 30522,
  hiddenSize: 768,
  embeddingSize: 768,
  numHiddenLayers: 12,
  numHiddenGroups: 12,
  numAttentionHeads: 12,
  intermediateSize: 3072,
  hiddenAct: 'gelu',
  hiddenDropoutProb: 0.1,
  attentionProbsDropoutProb: 0.1,
  maxPositionEmbeddings: 512,
  typeVocabSize: 2,
  initializerRange: 0.02,
  layerNormEps: 1e-12,
  padTokenId: 0,
  numLabels: 2,
  id2label: null,
  problemType: null,
  classifierDropout: null,
});

/** What each variant's HF config class changes relative to `BERT_DEFAULTS`. */
const MODEL_TYPE_DEFAULTS: Readonly<Record<ModelType, Partial<BertConfig>>> = {
  bert: {},
  roberta: { vocabSize: 50265, maxPositionEmbeddings: 514, typeVocabSize: 1, padTokenId: 1, layerNormEps: 1e-5 },
  distilbert: { numHiddenLayers: 6, typeVocabSize: 0, classifierDropout: 0.2 },
  albert: {
    vocabSize: 30000,
    embeddingSize: 128,
    hiddenAct: 'gelu_new',
    hiddenDropoutProb: 0,
    attentionProbsDropoutProb: 0,
    classifierDropout: 0.1,
  },
};

export const PRESET_NAMES = ['seed', 'tiny', 'mini', 'small', 'medium', 'base'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];

function sized(layers: number, hidden: number, heads: number): Partial<BertConfig> {
  return { numHiddenLayers: layers, hiddenSize: hidden, numAttentionHeads: heads, intermediateSize: 4 * hidden };
}

/**
 * Size presets (Turc et al. 2019 for tiny…medium). `seed` is the course's model: 6 layers, H 768, 12 heads,
 * 30 positions, 2 segments; its vocabulary comes from the tokenizer, so pass `vocabSize` with it.
 */
export const BERT_PRESETS: Readonly<Record<PresetName, Partial<BertConfig>>> = Object.freeze({
  seed: { ...sized(6, 768, 12), maxPositionEmbeddings: 30, typeVocabSize: 2 },
  tiny: sized(2, 128, 2),
  mini: sized(4, 256, 4),
  small: sized(4, 512, 8),
  medium: sized(8, 512, 8),
  base: sized(12, 768, 12),
});

/** `resolveBertConfig({ ...BERT_PRESETS[name], ...overrides })`. */
export function bertPreset(name: PresetName, overrides: Partial<BertConfig> = {}): BertConfig {
  const preset = BERT_PRESETS[name];
  if (preset === undefined)
    throw new ConfigError(`unknown preset "${name}"; known presets: ${PRESET_NAMES.join(', ')}`);
  return resolveBertConfig({ ...preset, ...overrides });
}

/**
 * Defaults of `overrides.modelType` (BERT's unless set) → overrides → validation → `Object.freeze`.
 * `embeddingSize` follows `hiddenSize` and `numHiddenGroups` follows `numHiddenLayers` unless given (ALBERT: 128, 1).
 */
export function resolveBertConfig(overrides: Partial<BertConfig> = {}): BertConfig {
  for (const key of Object.keys(overrides)) {
    if (!(key in BERT_DEFAULTS)) throw new ConfigError(`unknown config field "${key}"`);
  }
  const modelType = overrides.modelType ?? 'bert';
  if (!MODEL_TYPES.includes(modelType)) {
    throw new ConfigError(`modelType ("${modelType}") must be one of ${MODEL_TYPES.join(', ')}`);
  }
  const merged = { ...BERT_DEFAULTS, ...MODEL_TYPE_DEFAULTS[modelType], ...withoutUndefined(overrides) };
  const albert = modelType === 'albert';
  const config: BertConfig = {
    ...merged,
    embeddingSize: overrides.embeddingSize ?? (albert ? merged.embeddingSize : merged.hiddenSize),
    numHiddenGroups: overrides.numHiddenGroups ?? (albert ? 1 : merged.numHiddenLayers),
    id2label: merged.id2label === null ? null : Object.freeze([...merged.id2label]),
  };
  validate(config);
  return Object.freeze(config);
}

function withoutUndefined<T extends object>(value: T): Partial<T> {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as Partial<T>;
}

function validate(config: BertConfig): void {
  const positiveIntegers = [
    'vocabSize',
    'hiddenSize',
    'embeddingSize',
    'numHiddenLayers',
    'numHiddenGroups',
    'numAttentionHeads',
    'intermediateSize',
    'maxPositionEmbeddings',
    'numLabels',
  ] as const;
  for (const key of positiveIntegers) {
    if (!Number.isInteger(config[key]) || config[key] <= 0) {
      throw new ConfigError(`${key} (${config[key]}) must be a positive integer`);
    }
  }
  if (!Number.isInteger(config.typeVocabSize) || config.typeVocabSize < 0) {
    throw new ConfigError(`typeVocabSize (${config.typeVocabSize}) must be a non-negative integer`);
  }
  if (config.typeVocabSize === 0 && config.modelType !== 'distilbert') {
    throw new ConfigError(`typeVocabSize (0) is only valid for modelType "distilbert", got "${config.modelType}"`);
  }
  if (config.hiddenSize % config.numAttentionHeads !== 0) {
    throw new ConfigError(
      `hiddenSize (${config.hiddenSize}) must be divisible by numAttentionHeads (${config.numAttentionHeads})`,
    );
  }
  if (config.modelType !== 'albert' && config.embeddingSize !== config.hiddenSize) {
    throw new ConfigError(
      `embeddingSize (${config.embeddingSize}) must equal hiddenSize (${config.hiddenSize}) unless modelType is "albert"`,
    );
  }
  if (config.modelType !== 'albert' && config.numHiddenGroups !== config.numHiddenLayers) {
    throw new ConfigError(
      `numHiddenGroups (${config.numHiddenGroups}) must equal numHiddenLayers (${config.numHiddenLayers}) unless modelType is "albert"`,
    );
  }
  if (config.numHiddenLayers % config.numHiddenGroups !== 0) {
    throw new ConfigError(
      `numHiddenLayers (${config.numHiddenLayers}) must be divisible by numHiddenGroups (${config.numHiddenGroups})`,
    );
  }
  if (!HIDDEN_ACTIVATIONS.includes(config.hiddenAct)) {
    throw new ConfigError(`hiddenAct ("${config.hiddenAct}") must be one of ${HIDDEN_ACTIVATIONS.join(', ')}`);
  }
  for (const key of ['hiddenDropoutProb', 'attentionProbsDropoutProb'] as const) {
    if (!(config[key] >= 0 && config[key] < 1)) throw new ConfigError(`${key} (${config[key]}) must be in [0, 1)`);
  }
  if (config.classifierDropout !== null && !(config.classifierDropout >= 0 && config.classifierDropout < 1)) {
    throw new ConfigError(`classifierDropout (${config.classifierDropout}) must be null or in [0, 1)`);
  }
  if (!(config.initializerRange > 0)) {
    throw new ConfigError(`initializerRange (${config.initializerRange}) must be positive`);
  }
  if (!(config.layerNormEps > 0)) throw new ConfigError(`layerNormEps (${config.layerNormEps}) must be positive`);
  if (!Number.isInteger(config.padTokenId) || config.padTokenId < 0 || config.padTokenId >= config.vocabSize) {
    throw new ConfigError(`padTokenId (${config.padTokenId}) must be an id in [0, vocabSize (${config.vocabSize}))`);
  }
  if (config.modelType === 'roberta' && config.maxPositionEmbeddings <= config.padTokenId + 1) {
    throw new ConfigError(
      `maxPositionEmbeddings (${config.maxPositionEmbeddings}) must exceed padTokenId + 1 (${config.padTokenId + 1}) for RoBERTa positions`,
    );
  }
  if (config.id2label !== null && config.id2label.length !== config.numLabels) {
    throw new ConfigError(`id2label has ${config.id2label.length} labels but numLabels is ${config.numLabels}`);
  }
  if (config.problemType !== null && !PROBLEM_TYPES.includes(config.problemType)) {
    throw new ConfigError(`problemType ("${config.problemType}") must be null or one of ${PROBLEM_TYPES.join(', ')}`);
  }
}

/** Longest sequence the position embeddings allow (RoBERTa loses `padTokenId + 1` slots to its offset). */
export function maxSequenceLength(config: BertConfig): number {
  return config.modelType === 'roberta'
    ? config.maxPositionEmbeddings - config.padTokenId - 1
    : config.maxPositionEmbeddings;
}
