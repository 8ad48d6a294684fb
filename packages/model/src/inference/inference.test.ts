import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BertModel } from '../bert-model.js';
import { BertError } from '../errors.js';
import { BertForMaskedLM } from '../heads/bert-for-masked-lm.js';
import { BertForPreTraining } from '../heads/bert-for-pre-training.js';
import { tinyConfig } from '../testing/tiny.js';
import { encode } from './encode.js';
import { fillMask, type MaskFillingTokenizer } from './fill-mask.js';

/** A whitespace tokenizer over 99 tokens: [PAD] [CLS] [SEP] [MASK] w4 … w98. */
const vocabulary = ['[PAD]', '[CLS]', '[SEP]', '[MASK]', ...Array.from({ length: 95 }, (_, i) => `w${i + 4}`)];
const tokenizer: MaskFillingTokenizer = {
  maskToken: '[MASK]',
  tokenToId: (token) => {
    const id = vocabulary.indexOf(token);
    return id === -1 ? undefined : id;
  },
  idToToken: (id) => vocabulary[id],
  encode(text) {
    const tokens = ['[CLS]', ...text.split(' '), '[SEP]'];
    const ids = tokens.map((token) => vocabulary.indexOf(token));
    return { ids, tokens, typeIds: ids.map(() => 0), attentionMask: ids.map(() => 1) };
  },
};

describe('fillMask', () => {
  it('returns the topK tokens per [MASK], best first, with softmax scores', async () => {
    const model = new BertForMaskedLM(tinyConfig(), { seed: 1 });
    // A large bias on w42 makes it the clear winner whatever the context.
    model.cls.predictions.bias.assign(tf.tidy(() => tf.oneHot(42, 99).cast('float32').mul(20)));
    const before = tf.memory().numTensors;
    const results = await fillMask(model, tokenizer, 'w5 [MASK] w7 [MASK]', { topK: 3 });
    expect(tf.memory().numTensors).toBe(before);
    expect(results.map((r) => r.position)).toEqual([2, 4]);
    for (const { predictions } of results) {
      expect(predictions).toHaveLength(3);
      expect(predictions[0]).toMatchObject({ id: 42, token: 'w42' });
      expect(predictions[0]!.score).toBeGreaterThan(0.99);
      expect(predictions[1]!.score).toBeLessThanOrEqual(predictions[0]!.score);
    }
    await expect(fillMask(model, tokenizer, 'w5 w6')).rejects.toThrow(new BertError('no [MASK] token in "w5 w6"'));
    model.dispose();
  });

  it('works with the pretraining model too', async () => {
    const model = new BertForPreTraining(tinyConfig(), { seed: 1 });
    const [result] = await fillMask(model, tokenizer, '[MASK] w9', { topK: 1 });
    expect(result?.position).toBe(1);
    expect(result?.predictions).toHaveLength(1);
    model.dispose();
  });
});

describe('encode', () => {
  it('returns last hidden state, pooled output, L+1 hidden states and L attentions from plain arrays', async () => {
    const model = new BertModel(tinyConfig(), { seed: 2 });
    const before = tf.memory().numTensors;
    const result = encode(model, {
      inputIds: [
        [1, 5, 6, 2, 0],
        [1, 7, 8, 9, 2],
      ],
      attentionMask: [
        [1, 1, 1, 1, 0],
        [1, 1, 1, 1, 1],
      ],
    });
    expect(result.lastHiddenState.shape).toEqual([2, 5, 32]);
    expect(result.poolerOutput?.shape).toEqual([2, 32]);
    expect(result.hiddenStates.map((h) => h.shape)).toEqual([
      [2, 5, 32],
      [2, 5, 32],
      [2, 5, 32],
    ]);
    expect(result.attentions.map((a) => a.shape)).toEqual([
      [2, 4, 5, 5],
      [2, 4, 5, 5],
    ]);
    expect(await result.hiddenStates[2]!.array()).toEqual(await result.lastHiddenState.array());
    const firstRow = ((await result.attentions[0]!.array()) as number[][][][])[0]![0]![0]!;
    expect(firstRow[4]).toBe(0); // the padded key
    tf.dispose(result as unknown as tf.TensorContainer);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });
});
