import { BertError, ConfigError, DataError } from '@bert/core';
import { encode } from '@bert/model';
import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import type { AttentionDocument } from './attention-document.js';
import { serializeAttentionJson } from './attention-json.js';
import { type AttentionModel, computeAttention } from './compute-attention.js';
import { tinyModel, tinyTokenizer } from './test-support/tiny-model.js';

const tokenizer = tinyTokenizer();
const model = tinyModel(tokenizer.getVocabSize());
afterAll(() => model.dispose());

/** The model's own attention probabilities, through `@bert/model`'s `encode`: L × [N][T][T]. */
function referenceAttention(ids: number[], typeIds: number[], mask: number[]): number[][][][] {
  const result = encode(model, { inputIds: [ids], tokenTypeIds: [typeIds], attentionMask: [mask] });
  const layers = result.attentions.map((layer) => (layer.arraySync() as number[][][][])[0]!);
  tf.dispose(result);
  return layers;
}

/** What a reader of attention.json gets back, as float32. */
function roundTrip(document: AttentionDocument): AttentionDocument {
  const parsed = JSON.parse(serializeAttentionJson(document)) as AttentionDocument;
  return { ...parsed, attention: parsed.attention.map((l) => l.map((h) => h.map((q) => q.map(Math.fround)))) };
}

describe('computeAttention', () => {
  it('writes the numbers of the model’s own attention tensors, for every layer and head', () => {
    const encoding = tokenizer.encode('the cat sat on the mat', { pair: 'the dog sat on the log' });
    const document = roundTrip(
      computeAttention(model, tokenizer, 'the cat sat on the mat', { textPair: 'the dog sat on the log' }),
    );
    const reference = referenceAttention(encoding.ids, encoding.typeIds, encoding.attentionMask);
    expect(document.layers).toEqual([0, 1]);
    expect(document.heads).toEqual([0, 1, 2, 3]);
    expect(document.attention).toEqual(reference); // exact float32 equality after the JSON round trip
    expect(document.tokens).toEqual(encoding.tokens);
    expect(document.token_ids).toEqual(encoding.ids);
  });

  it('has rows that sum to 1 within 1e-5, with [CLS] first and [SEP] closing each sentence', () => {
    const document = roundTrip(
      computeAttention(model, tokenizer, 'romeo loved juliet', { textPair: 'and juliet loved romeo' }),
    );
    const { tokens } = document;
    expect(tokens[0]).toBe('[CLS]');
    expect(tokens.at(-1)).toBe('[SEP]');
    expect(tokens.filter((token) => token === '[SEP]')).toHaveLength(2);
    expect(document.sentence_b_start).toBe(tokens.indexOf('[SEP]') + 1);
    expect(tokens.slice(document.sentence_b_start!)).toEqual(['and', 'juliet', 'loved', 'romeo', '[SEP]']);
    let rows = 0;
    for (const heads of document.attention) {
      for (const matrix of heads) {
        expect(matrix).toHaveLength(tokens.length);
        for (const row of matrix) {
          expect(row).toHaveLength(tokens.length);
          expect(Math.abs(row.reduce((sum, value) => sum + value, 0) - 1)).toBeLessThan(1e-5);
          rows++;
        }
      }
    }
    expect(rows).toBe(2 * 4 * tokens.length);
  });

  it('gives masked padding keys ~0 attention and leaves the real tokens’ attention unchanged', () => {
    const text = 'the cat sat on the mat';
    const plain = computeAttention(model, tokenizer, text);
    const padded = tinyTokenizer().setPadding({ length: 16, padId: tokenizer.tokenToId('[PAD]')! });
    const document = computeAttention(model, padded, text);
    const real = plain.tokens.length; // 8
    expect(document.tokens).toHaveLength(16);
    expect(document.tokens.slice(real)).toEqual(Array(16 - real).fill('[PAD]'));
    expect(document.attention_mask).toEqual([...Array(real).fill(1), ...Array(16 - real).fill(0)]);
    document.attention.forEach((heads, layer) => {
      heads.forEach((matrix, head) => {
        matrix.forEach((row, query) => {
          for (let key = real; key < 16; key++) expect(row[key]).toBeLessThan(1e-6);
          if (query >= real) return;
          for (let key = 0; key < real; key++) {
            expect(row[key]).toBeCloseTo(plain.attention[layer]![head]![query]![key]!, 5);
          }
        });
      });
    });
  });

  it('keeps only the requested layers and heads, under their model indices', () => {
    const full = computeAttention(model, tokenizer, 'a cat and a dog');
    const subset = computeAttention(model, tokenizer, 'a cat and a dog', { layers: [1], heads: [2, 0] });
    expect(subset.layers).toEqual([1]);
    expect(subset.heads).toEqual([0, 2]);
    expect(subset.attention[0]).toEqual([full.attention[1]![0], full.attention[1]![2]]);
    expect(() => computeAttention(model, tokenizer, 'a cat', { layers: [2] })).toThrow(
      new ConfigError('layers: 2 is out of range, the model has 2 layers (0-1)'),
    );
    expect(() => computeAttention(model, tokenizer, 'a cat', { heads: [] })).toThrow(ConfigError);
  });

  it('records the model and its config summary', () => {
    const document = computeAttention(model, tokenizer, 'the cat', { modelName: 'tiny' });
    expect(document.model).toEqual({
      name: 'tiny',
      architecture: 'BertForPreTraining',
      model_type: 'bert',
      vocab_size: tokenizer.getVocabSize(),
      hidden_size: 32,
      num_hidden_layers: 2,
      num_attention_heads: 4,
      intermediate_size: 64,
      max_position_embeddings: 24,
      type_vocab_size: 2,
    });
    expect(document).toMatchObject({ format: 'bert-attention', version: 1, text: 'the cat', text_pair: null });
    expect(document.sentence_b_start).toBeNull();
  });

  it('truncates a text longer than the position embeddings, with a warning, and restores the tokenizer', () => {
    const long = Array(40).fill('the cat sat').join(' '); // 120 words, 24 positions
    const warnings: string[] = [];
    const document = computeAttention(model, tokenizer, long, { onWarning: (message) => warnings.push(message) });
    expect(document.tokens).toHaveLength(24);
    expect(document.tokens[0]).toBe('[CLS]');
    expect(document.tokens.at(-1)).toBe('[SEP]');
    expect(document.truncated).toBe(true);
    expect(warnings).toEqual([
      "the input has 122 tokens, more than the model's 24 positions (max_position_embeddings): kept the first 24 (truncated)",
    ]);
    expect(tokenizer.truncation).toBeUndefined();
    expect(() => computeAttention(model, tokenizer, long, { truncation: 'error' })).toThrow(
      new DataError(
        "the input has 122 tokens, more than the model's 24 positions (max_position_embeddings); shorten the text",
      ),
    );
    const short = computeAttention(model, tokenizer, 'the cat sat on the mat', { maxLength: 5, onWarning: () => {} });
    expect(short.tokens).toEqual(['[CLS]', 'the', 'cat', 'sat', '[SEP]']);
    expect(() => computeAttention(model, tokenizer, 'the cat', { maxLength: 25 })).toThrow(
      new ConfigError("maxLength (25) must be an integer in [2, 24] (the model's positions)"),
    );
  });

  it('rejects an empty text or pair, and text that encodes to nothing', () => {
    expect(() => computeAttention(model, tokenizer, '')).toThrow(
      new DataError('text is empty; give the sentence to look at'),
    );
    expect(() => computeAttention(model, tokenizer, '  \n\t')).toThrow(DataError);
    expect(() => computeAttention(model, tokenizer, 'the cat', { textPair: ' ' })).toThrow(
      new DataError('textPair is empty; give the sentence to look at'),
    );
    expect(() => computeAttention(model, tokenizer, '\u0000\u0001')).toThrow(
      new DataError('text "\\u0000\\u0001" encodes to no tokens'),
    );
  });

  it('fails clearly for a model that returns no attention probabilities', () => {
    const noAttentions = {
      config: model.config,
      architecture: 'FakeModel',
      forward: () => ({ attentions: undefined }),
    } as unknown as AttentionModel;
    expect(() => computeAttention(noAttentions, tokenizer, 'the cat')).toThrow(
      new BertError(
        'FakeModel returned no attention tensors for 2 layers; it does not expose its attention probabilities',
      ),
    );
    const scores = {
      config: model.config,
      architecture: 'ScoresModel',
      forward: () => ({ attentions: [tf.ones([1, 4, 4, 4]), tf.ones([1, 4, 4, 4])] }),
    } as unknown as AttentionModel;
    expect(() => computeAttention(scores, tokenizer, 'the cat')).toThrow(
      new BertError('layer 0, head 0, query 0: attention row sums to 4, not 1'),
    );
  });

  it('leaks no tensors', () => {
    computeAttention(model, tokenizer, 'warm up');
    const before = tf.memory().numTensors;
    computeAttention(model, tokenizer, 'the cat sat', { textPair: 'on the mat', layers: [0] });
    expect(() => computeAttention(model, tokenizer, 'the cat', { layers: [9] })).toThrow();
    expect(tf.memory().numTensors).toBe(before);
  });
});
