import type { BertConfig } from '@bert/model';

/** Output formats of an export: `attention.json`, `attention.html`, `heatmaps/layer-L-head-H.png`. */
export const ATTENTION_FORMATS = ['json', 'html', 'png'] as const;
export type AttentionFormat = (typeof ATTENTION_FORMATS)[number];

/** The model an attention document came from: HF `config.json` names, so the file reads like HF's. */
export interface AttentionModelSummary {
  /** What the user calls the model: a directory name, a checkpoint step, … */
  readonly name: string;
  /** HF class name, e.g. `BertForPreTraining`. */
  readonly architecture: string;
  readonly model_type: string;
  readonly vocab_size: number;
  readonly hidden_size: number;
  readonly num_hidden_layers: number;
  readonly num_attention_heads: number;
  readonly intermediate_size: number;
  readonly max_position_embeddings: number;
  readonly type_vocab_size: number;
}

/**
 * `attention.json`: what bertviz's `head_view` / `model_view` take (`tokens`, `sentence_b_start`, `attention`
 * indexed `[layer][head][query][key]`), plus where it came from. Keys are snake_case because this is a file format.
 *
 * - `attention[i][j][q]` is the softmax row of query token `q` in layer `layers[i]`, head `heads[j]`: it sums to 1
 *   over keys `k`. Values are the model's float32 probabilities written with the fewest digits that read back as
 *   the same float32 (`Math.fround(x)` in JS, `np.float32(x)` in Python).
 * - `layers` / `heads` name the model's layer and head indices (0-based) kept in `attention`; all of them unless the
 *   export was asked for a subset.
 * - `attention_mask[k]` is 0 for padding keys, which get ~0 attention.
 */
export interface AttentionDocument {
  readonly format: 'bert-attention';
  readonly version: 1;
  readonly model: AttentionModelSummary;
  readonly text: string;
  readonly text_pair: string | null;
  readonly tokens: readonly string[];
  readonly token_ids: readonly number[];
  readonly attention_mask: readonly number[];
  /** Index of the first token of the second sentence (bertviz's `sentence_b_start`), or null for one sentence. */
  readonly sentence_b_start: number | null;
  /** True when the text was cut to fit the model's position embeddings. */
  readonly truncated: boolean;
  readonly layers: readonly number[];
  readonly heads: readonly number[];
  /** [layers.length][heads.length][T][T] */
  readonly attention: readonly (readonly (readonly (readonly number[])[])[])[];
}

/** The config summary written into `attention.json` under `model`. */
export function summarizeModel(config: BertConfig, architecture: string, name: string): AttentionModelSummary {
  return {
    name,
    architecture,
    model_type: config.modelType,
    vocab_size: config.vocabSize,
    hidden_size: config.hiddenSize,
    num_hidden_layers: config.numHiddenLayers,
    num_attention_heads: config.numAttentionHeads,
    intermediate_size: config.intermediateSize,
    max_position_embeddings: config.maxPositionEmbeddings,
    type_vocab_size: config.typeVocabSize,
  };
}
