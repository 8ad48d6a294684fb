import { DataError } from '@bert/core';
import { describe, expect, it } from 'vitest';
import type { AttentionDocument } from './attention-document.js';
import { float32Text, serializeAttentionJson } from './attention-json.js';

describe('float32Text', () => {
  it.each([
    [0, '0'],
    [1, '1'],
    [Math.fround(0.1), '0.1'],
    [Math.fround(1 / 3), '0.33333334'],
    [Math.fround(0.125), '0.125'],
    [Math.fround(2.5e-7), '2.5e-7'],
    [1.401298464324817e-45, '1e-45'], // the smallest float32 denormal
    [0.1, '0.1'], // a float64 input is read as its float32
  ])('%d → %s', (value, text) => {
    expect(float32Text(value)).toBe(text);
  });

  it('reads back as the same float32 with no shorter text that would', () => {
    const random = new Float32Array(20_000);
    let state = 12345;
    for (let index = 0; index < random.length; index++) {
      state = (state * 1103515245 + 12345) >>> 0;
      random[index] = (state / 2 ** 32) ** 3; // many small probabilities, like softmax tails
    }
    for (const value of random) {
      const text = float32Text(value);
      expect(Math.fround(Number(text))).toBe(value);
      const digits = text
        .replace(/e.*$/, '')
        .replace(/[^0-9]/g, '')
        .replace(/^0+/, '').length;
      if (digits > 1) expect(Math.fround(Number(value.toPrecision(digits - 1)))).not.toBe(value);
    }
  });

  it('rejects values that are not finite', () => {
    expect(() => float32Text(Number.NaN)).toThrow(DataError);
    expect(() => float32Text(1e39)).toThrow(new DataError('attention value 1e+39 is not finite'));
  });
});

describe('serializeAttentionJson', () => {
  const document: AttentionDocument = {
    format: 'bert-attention',
    version: 1,
    model: {
      name: 'tiny',
      architecture: 'BertModel',
      model_type: 'bert',
      vocab_size: 10,
      hidden_size: 4,
      num_hidden_layers: 1,
      num_attention_heads: 2,
      intermediate_size: 8,
      max_position_embeddings: 8,
      type_vocab_size: 2,
    },
    text: 'a "quoted" <b>',
    text_pair: null,
    tokens: ['[CLS]', 'a', '[SEP]'],
    token_ids: [2, 5, 3],
    attention_mask: [1, 1, 1],
    sentence_b_start: null,
    truncated: false,
    layers: [0],
    heads: [0, 1],
    attention: [
      [
        [
          [0.5, 0.25, 0.25],
          [1, 0, 0],
          [Math.fround(0.1), Math.fround(0.2), Math.fround(0.7)],
        ],
        [
          [0, 0, 1],
          [0, 1, 0],
          [1, 0, 0],
        ],
      ],
    ],
  };

  it('is JSON with the document’s fields and one query row per line', () => {
    const text = serializeAttentionJson(document);
    const parsed = JSON.parse(text) as AttentionDocument;
    expect({ ...parsed, attention: undefined }).toEqual({ ...document, attention: undefined });
    expect(parsed.attention[0]![0]![2]).toEqual([0.1, 0.2, 0.7]);
    expect(parsed.attention[0]![1]).toEqual(document.attention[0]![1]);
    expect(text.split('\n')).toContain('[0.1,0.2,0.7]');
    expect(Object.keys(parsed)).toEqual(Object.keys(document));
    expect(text.endsWith('}\n')).toBe(true);
  });
});
