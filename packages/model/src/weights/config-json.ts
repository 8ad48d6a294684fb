import { type BertConfig, MODEL_TYPES, type ModelType, resolveBertConfig } from '../config.js';
import { CheckpointError, ConfigError } from '../errors.js';

/** A `config.json` object as HF writes it (snake_case). */
export type HfConfigJson = Record<string, unknown>;

const DISTILBERT_LAYER_NORM_EPS = 1e-12; // hard-coded in HF's modeling_distilbert.py

/** Label names, defaulting to HF's `LABEL_i`. */
export function labelNames(config: BertConfig): readonly string[] {
  return config.id2label ?? Array.from({ length: config.numLabels }, (_, index) => `LABEL_${index}`);
}

/**
 * `BertConfig` → HF `config.json` for `config.modelType` (DistilBERT uses its own field names: `dim`, `n_layers`, …),
 * with `model_type`, `architectures`, and `id2label`/`label2id`. Keys are sorted as HF's `to_json_string` sorts them.
 */
export function toHfConfigJson(config: BertConfig, architecture: string): HfConfigJson {
  const labels = labelNames(config);
  const json: HfConfigJson = {
    architectures: [architecture],
    model_type: config.modelType,
    vocab_size: config.vocabSize,
    max_position_embeddings: config.maxPositionEmbeddings,
    initializer_range: config.initializerRange,
    pad_token_id: config.padTokenId,
    id2label: Object.fromEntries(labels.map((label, index) => [String(index), label])),
    label2id: Object.fromEntries(labels.map((label, index) => [label, index])),
    torch_dtype: 'float32',
  };
  if (config.problemType !== null) json['problem_type'] = config.problemType;
  if (config.modelType === 'distilbert') {
    if (config.layerNormEps !== DISTILBERT_LAYER_NORM_EPS) {
      throw new ConfigError(
        `layerNormEps (${config.layerNormEps}) must be 1e-12 for DistilBERT, whose config cannot store it`,
      );
    }
    Object.assign(json, {
      dim: config.hiddenSize,
      n_layers: config.numHiddenLayers,
      n_heads: config.numAttentionHeads,
      hidden_dim: config.intermediateSize,
      activation: config.hiddenAct,
      dropout: config.hiddenDropoutProb,
      attention_dropout: config.attentionProbsDropoutProb,
      seq_classif_dropout: config.classifierDropout ?? config.hiddenDropoutProb,
      sinusoidal_pos_embds: false,
      tie_weights_: true,
    });
  } else {
    Object.assign(json, {
      hidden_size: config.hiddenSize,
      num_hidden_layers: config.numHiddenLayers,
      num_attention_heads: config.numAttentionHeads,
      intermediate_size: config.intermediateSize,
      hidden_act: config.hiddenAct,
      hidden_dropout_prob: config.hiddenDropoutProb,
      attention_probs_dropout_prob: config.attentionProbsDropoutProb,
      type_vocab_size: config.typeVocabSize,
      layer_norm_eps: config.layerNormEps,
      position_embedding_type: 'absolute',
    });
    if (config.modelType === 'albert') {
      Object.assign(json, {
        embedding_size: config.embeddingSize,
        num_hidden_groups: config.numHiddenGroups,
        inner_group_num: 1,
        classifier_dropout_prob: config.classifierDropout ?? config.hiddenDropoutProb,
      });
    } else {
      json['classifier_dropout'] = config.classifierDropout;
    }
  }
  return Object.fromEntries(Object.entries(json).sort(([left], [right]) => (left < right ? -1 : 1)));
}

/** HF `config.json` → resolved `BertConfig` and the first of its `architectures`; `source` names the file in errors. */
export function fromHfConfigJson(
  json: HfConfigJson,
  source = 'config.json',
): { config: BertConfig; architecture: string | undefined } {
  const fail = (problem: string): never => {
    throw new CheckpointError(`${source}: ${problem}`);
  };
  const modelType = json['model_type'] as ModelType;
  if (!MODEL_TYPES.includes(modelType)) {
    fail(`model_type ${JSON.stringify(json['model_type'])} is not supported; known: ${MODEL_TYPES.join(', ')}`);
  }
  const number = (key: string): number | undefined => {
    const value = json[key];
    if (value === undefined || value === null) return undefined;
    if (typeof value !== 'number') fail(`${key} must be a number, got ${JSON.stringify(value)}`);
    return value as number;
  };
  if (json['position_embedding_type'] !== undefined && json['position_embedding_type'] !== 'absolute') {
    fail(`position_embedding_type "${json['position_embedding_type']}" is not supported; only "absolute" is`);
  }
  if (modelType === 'albert' && (number('inner_group_num') ?? 1) !== 1) {
    fail(`inner_group_num (${json['inner_group_num']}) must be 1`);
  }
  if (modelType === 'distilbert' && json['sinusoidal_pos_embds'] === true)
    fail('sinusoidal_pos_embds is not supported');
  const distil = modelType === 'distilbert';
  const id2label = readLabels(json, fail);
  const overrides: Partial<Record<keyof BertConfig, unknown>> = {
    modelType,
    vocabSize: number('vocab_size'),
    hiddenSize: number(distil ? 'dim' : 'hidden_size'),
    embeddingSize: modelType === 'albert' ? number('embedding_size') : undefined,
    numHiddenLayers: number(distil ? 'n_layers' : 'num_hidden_layers'),
    numHiddenGroups: modelType === 'albert' ? number('num_hidden_groups') : undefined,
    numAttentionHeads: number(distil ? 'n_heads' : 'num_attention_heads'),
    intermediateSize: number(distil ? 'hidden_dim' : 'intermediate_size'),
    hiddenAct: json[distil ? 'activation' : 'hidden_act'] ?? undefined,
    hiddenDropoutProb: number(distil ? 'dropout' : 'hidden_dropout_prob'),
    attentionProbsDropoutProb: number(distil ? 'attention_dropout' : 'attention_probs_dropout_prob'),
    maxPositionEmbeddings: number('max_position_embeddings'),
    typeVocabSize: distil ? 0 : number('type_vocab_size'),
    initializerRange: number('initializer_range'),
    layerNormEps: distil ? DISTILBERT_LAYER_NORM_EPS : number('layer_norm_eps'),
    padTokenId: number('pad_token_id'),
    numLabels: id2label?.length ?? number('num_labels'),
    id2label: id2label?.every((label, index) => label === `LABEL_${index}`) ? null : id2label,
    problemType: json['problem_type'] ?? undefined,
    classifierDropout: number(
      distil ? 'seq_classif_dropout' : modelType === 'albert' ? 'classifier_dropout_prob' : 'classifier_dropout',
    ),
  };
  const architectures = json['architectures'];
  const architecture =
    Array.isArray(architectures) && typeof architectures[0] === 'string' ? architectures[0] : undefined;
  try {
    return { config: resolveBertConfig(overrides as Partial<BertConfig>), architecture };
  } catch (error) {
    if (error instanceof ConfigError) fail(error.message);
    throw error;
  }
}

function readLabels(json: HfConfigJson, fail: (problem: string) => never): string[] | undefined {
  const id2label = json['id2label'];
  if (id2label === undefined || id2label === null) return undefined;
  if (typeof id2label !== 'object') fail('id2label must be an object');
  const entries = Object.entries(id2label as Record<string, unknown>);
  const labels: string[] = [];
  for (const [key, label] of entries) {
    const id = Number(key);
    if (!Number.isInteger(id) || id < 0 || id >= entries.length || typeof label !== 'string') {
      fail(
        `id2label entry ${JSON.stringify(key)}: ${JSON.stringify(label)} must map ids 0…${entries.length - 1} to names`,
      );
    }
    labels[id] = label as string;
  }
  return labels;
}
