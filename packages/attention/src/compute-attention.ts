import { BertError, ConfigError, DataError } from '@bert/core';
import { type BertModelOutput, type BertPreTrainedModel, maxSequenceLength } from '@bert/model';
import * as tf from '@tensorflow/tfjs';
import { type AttentionDocument, summarizeModel } from './attention-document.js';
import { checkIndices } from './select-indices.js';

/** What `computeAttention` reads from an encoding; `@bert/tokenizer`'s `Encoding` fits. */
export interface AttentionEncoding {
  readonly ids: readonly number[];
  readonly tokens: readonly string[];
  readonly typeIds?: readonly number[];
  readonly attentionMask?: readonly number[];
  /** 0 / 1 for tokens of the first / second sequence, null for special tokens (HF `sequence_ids`). */
  readonly sequenceIds?: readonly (number | null)[];
}

/** A truncation setting as `@bert/tokenizer` (and HF `tokenizers`) take it. */
export interface TruncationSetting {
  readonly maxLength: number;
  readonly stride?: number;
  readonly strategy?: 'longest_first' | 'only_first' | 'only_second';
  readonly direction?: 'left' | 'right';
}

/**
 * What `computeAttention` needs from a tokenizer, structurally: `@bert/tokenizer`'s `Tokenizer` fits. Without
 * `setTruncation` a text longer than the model's positions fails instead of being cut.
 */
export interface AttentionTokenizer {
  encode(text: string, options?: { pair?: string }): AttentionEncoding;
  readonly truncation?: TruncationSetting | undefined;
  setTruncation?(params: TruncationSetting | null): unknown;
}

/** Any model of `@bert/model` (its `forward` returns `attentions` when asked). */
export type AttentionModel = BertPreTrainedModel<BertModelOutput>;

export interface ComputeAttentionOptions {
  /** Second sentence: `[CLS] text [SEP] textPair [SEP]`, and `sentence_b_start` is set. */
  readonly textPair?: string;
  /** Model layer indices to keep (0-based); default all. */
  readonly layers?: readonly number[];
  /** Head indices to keep in every kept layer (0-based); default all. */
  readonly heads?: readonly number[];
  /** `model.name` in the document; default the architecture (`BertForPreTraining`). */
  readonly modelName?: string;
  /** Longest input in tokens, special tokens included; default (and at most) the model's position embeddings. */
  readonly maxLength?: number;
  /** A longer text is cut to `maxLength` with a warning (`'warn'`, default) or rejected (`'error'`). */
  readonly truncation?: 'warn' | 'error';
  /** Receives the truncation notice; default `console.warn`. */
  readonly onWarning?: (message: string) => void;
}

/**
 * Runs `model` once (inference mode, no dropout) on `text` and returns its attention probabilities as an
 * `AttentionDocument` (`attention.json`'s contents). Synchronous: the weights are read when it is called, so a
 * training loop can snapshot a checkpoint's attention and go on.
 *
 * @example
 * const document = computeAttention(model, tokenizer, 'the cat sat', { layers: [0] });
 * document.tokens; // ['[CLS]', 'the', 'cat', 'sat', '[SEP]']
 * document.attention[0][0][1]; // layer 0, head 0, query 'the': 5 probabilities summing to 1
 */
export function computeAttention(
  model: AttentionModel,
  tokenizer: AttentionTokenizer,
  text: string,
  options: ComputeAttentionOptions = {},
): AttentionDocument {
  const { config } = model;
  checkText(text, 'text');
  if (options.textPair !== undefined) checkText(options.textPair, 'textPair');
  const layers = checkIndices(options.layers, config.numHiddenLayers, 'layers');
  const heads = checkIndices(options.heads, config.numAttentionHeads, 'heads');
  const positions = maxSequenceLength(config);
  const limit = options.maxLength ?? positions;
  if (!Number.isInteger(limit) || limit < 2 || limit > positions) {
    throw new ConfigError(`maxLength (${limit}) must be an integer in [2, ${positions}] (the model's positions)`);
  }
  const { encoding, truncated } = encodeWithin(tokenizer, text, options, limit, positions);
  const tokenCount = encoding.ids.length; // T
  const attentionMask = encoding.attentionMask ?? encoding.ids.map(() => 1);
  const typeIds = encoding.typeIds ?? encoding.ids.map(() => 0);
  const largestId = Math.max(...encoding.ids);
  if (largestId >= config.vocabSize) {
    throw new DataError(`token id ${largestId} is outside the model's vocabulary (vocab_size ${config.vocabSize})`);
  }
  const largestType = Math.max(...typeIds);
  if (config.typeVocabSize > 0 && largestType >= config.typeVocabSize) {
    throw new DataError(
      `the tokenizer gives token type ${largestType}, but the model has type_vocab_size ${config.typeVocabSize}` +
        (options.textPair === undefined ? '' : ' (drop textPair for this model)'),
    );
  }

  const selected = tf.tidy(() => {
    const row = (values: readonly number[]) => tf.tensor2d([values as number[]], [1, tokenCount], 'int32');
    const outputs = model.forward(
      {
        inputIds: row(encoding.ids), // [1, T]
        tokenTypeIds: config.typeVocabSize === 0 ? undefined : row(typeIds), // [1, T]
        attentionMask: row(attentionMask), // [1, T]
      },
      { training: false, outputAttentions: true },
    );
    const attentions = outputs.attentions; // L × [1, N, T, T]
    if (attentions === undefined || attentions.length !== config.numHiddenLayers) {
      throw new BertError(
        `${model.architecture} returned ${attentions?.length ?? 'no'} attention tensors for ` +
          `${config.numHiddenLayers} layers; it does not expose its attention probabilities`,
      );
    }
    return layers.map((layer) => attentions[layer]!); // kept by tidy, disposed below
  });
  let attention: number[][][][];
  try {
    attention = selected.map((tensor, index) => {
      const values = tensor.dataSync(); // [1, N, T, T] flat
      return heads.map((head) => {
        const rows: number[][] = [];
        for (let query = 0; query < tokenCount; query++) {
          const start = (head * tokenCount + query) * tokenCount;
          const row = Array.from(values.subarray(start, start + tokenCount));
          checkProbabilities(row, layers[index]!, head, query);
          rows.push(row);
        }
        return rows;
      });
    });
  } finally {
    tf.dispose(selected);
  }

  return {
    format: 'bert-attention',
    version: 1,
    model: summarizeModel(config, model.architecture, options.modelName ?? model.architecture),
    text,
    text_pair: options.textPair ?? null,
    tokens: [...encoding.tokens],
    token_ids: [...encoding.ids],
    attention_mask: [...attentionMask],
    sentence_b_start: options.textPair === undefined ? null : secondSentenceStart(encoding),
    truncated,
    layers,
    heads,
    attention,
  };
}

function checkText(text: string, label: string): void {
  if (typeof text !== 'string') throw new DataError(`${label} must be a string, got ${typeof text}`);
  if (text.trim() === '') throw new DataError(`${label} is empty; give the sentence to look at`);
}

/** Encodes, cutting to `limit` tokens with the tokenizer's own truncation (restored afterwards) when too long. */
function encodeWithin(
  tokenizer: AttentionTokenizer,
  text: string,
  options: ComputeAttentionOptions,
  limit: number,
  positions: number,
): { encoding: AttentionEncoding; truncated: boolean } {
  const encodeOptions = options.textPair === undefined ? {} : { pair: options.textPair };
  const full = tokenizer.encode(text, encodeOptions);
  const textTokens = full.sequenceIds?.filter((sequence) => sequence === 0).length ?? full.ids.length;
  if (textTokens === 0) throw new DataError(`text ${JSON.stringify(text)} encodes to no tokens`);
  if (full.ids.length <= limit) return { encoding: full, truncated: false };
  const bound =
    limit === positions ? `the model's ${positions} positions (max_position_embeddings)` : `maxLength ${limit}`;
  const problem = `the input has ${full.ids.length} tokens, more than ${bound}`;
  if (options.truncation === 'error') throw new DataError(`${problem}; shorten the text`);
  if (tokenizer.setTruncation === undefined) throw new DataError(`${problem}, and the tokenizer cannot truncate`);
  const previous = tokenizer.truncation;
  let cut: AttentionEncoding;
  try {
    tokenizer.setTruncation({ maxLength: limit, strategy: 'longest_first', stride: 0, direction: 'right' });
    cut = tokenizer.encode(text, encodeOptions);
  } finally {
    tokenizer.setTruncation(previous ?? null);
  }
  if (cut.ids.length > limit) {
    throw new DataError(`${problem}, and the tokenizer's padding makes ${cut.ids.length} even after truncation`);
  }
  (options.onWarning ?? console.warn)(`${problem}: kept the first ${cut.ids.length} (truncated)`);
  return { encoding: cut, truncated: true };
}

/** The first token of the second sentence: HF `sequence_ids` when the tokenizer has them, else token type 1. */
function secondSentenceStart(encoding: AttentionEncoding): number | null {
  const fromSequences = encoding.sequenceIds?.indexOf(1) ?? -1;
  if (fromSequences >= 0) return fromSequences;
  const fromTypes = encoding.typeIds?.indexOf(1) ?? -1;
  return fromTypes >= 0 ? fromTypes : null;
}

/** A softmax row sums to 1; anything else means the model handed back scores, not probabilities. */
function checkProbabilities(row: readonly number[], layer: number, head: number, query: number): void {
  let sum = 0;
  for (const value of row) {
    if (!(value >= 0)) {
      throw new BertError(
        `layer ${layer}, head ${head}, query ${query}: attention value ${value} is not a probability`,
      );
    }
    sum += value;
  }
  if (Math.abs(sum - 1) > 1e-3) {
    throw new BertError(`layer ${layer}, head ${head}, query ${query}: attention row sums to ${sum}, not 1`);
  }
}
