import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BertModel } from './bert-model.js';
import { ShapeError } from './errors.js';
import { BertForPreTraining } from './heads/bert-for-pre-training.js';
import { disposeAll, tinyBatch, tinyConfig } from './testing/tiny.js';

describe('BertModel', () => {
  it('names parameters like HF BertModel (no prefix) and returns [B,T,H] and [B,H] without leaking', () => {
    const model = new BertModel(tinyConfig(), { seed: 1 });
    const names = [...model.namedParameters().keys()];
    expect(names.slice(0, 5)).toEqual([
      'embeddings.word_embeddings.weight',
      'embeddings.position_embeddings.weight',
      'embeddings.token_type_embeddings.weight',
      'embeddings.LayerNorm.weight',
      'embeddings.LayerNorm.bias',
    ]);
    expect(names).toContain('encoder.layer.1.attention.self.query.weight');
    expect(names.at(-1)).toBe('pooler.dense.bias');
    const batch = tinyBatch();
    const before = tf.memory().numTensors;
    const outputs = model.forward(batch, { training: false, outputAttentions: true, outputHiddenStates: true });
    expect(outputs.lastHiddenState.shape).toEqual([2, 7, 32]);
    expect(outputs.poolerOutput?.shape).toEqual([2, 32]);
    expect(outputs.hiddenStates?.map((h) => h.shape)).toEqual([
      [2, 7, 32],
      [2, 7, 32],
      [2, 7, 32],
    ]);
    expect(outputs.attentions?.map((a) => a.shape)).toEqual([
      [2, 4, 7, 7],
      [2, 4, 7, 7],
    ]);
    disposeAll(outputs);
    expect(tf.memory().numTensors).toBe(before);
    disposeAll(batch);
    model.dispose();
  });

  it('checks inputs at the boundary', () => {
    const model = new BertModel(tinyConfig({ maxPositionEmbeddings: 6 }), { seed: 1 });
    const batch = tinyBatch();
    const floatIds = tf.zeros([2, 5]) as tf.Tensor2D;
    expect(() => model.forward({ inputIds: floatIds }, { training: false })).toThrow(
      new ShapeError('inputIds: expected dtype int32, got float32'),
    );
    const wrongMask = tf.ones([2, 3]) as tf.Tensor2D;
    expect(() => model.forward({ inputIds: batch.inputIds, attentionMask: wrongMask }, { training: false })).toThrow(
      'attentionMask: expected shape [2,7], got [2,3]',
    );
    expect(() => model.forward({ inputIds: batch.inputIds }, { training: false })).toThrow(
      'inputIds: 7 tokens exceed the 6 positions of the model',
    );
    disposeAll(batch, floatIds, wrongMask);
    model.dispose();
  });

  it('initializes like HF _init_weights: N(0, 0.02), zero biases, LayerNorm 1/0, zero padding row; seeded and order-independent', async () => {
    const config = tinyConfig({ vocabSize: 2000, padTokenId: 3 });
    const model = new BertModel(config, { seed: 11 });
    const parameters = model.namedParameters();
    const words = (await parameters.get('embeddings.word_embeddings.weight')!.array()) as number[][];
    expect(words[3]!.every((value) => value === 0)).toBe(true);
    const flat = words.flat();
    const std = Math.sqrt(flat.reduce((sum, v) => sum + v * v, 0) / flat.length);
    expect(std).toBeCloseTo(0.02 * Math.sqrt(1999 / 2000), 3);
    expect(Array.from(await parameters.get('embeddings.LayerNorm.weight')!.data()).every((v) => v === 1)).toBe(true);
    expect(Array.from(await parameters.get('encoder.layer.0.output.dense.bias')!.data()).every((v) => v === 0)).toBe(
      true,
    );
    // Same seed, same values even when built inside a head (prefixed names get their own streams).
    const again = new BertModel(config, { seed: 11 });
    const query = 'encoder.layer.1.attention.self.query.weight';
    expect(await again.namedParameters().get(query)!.array()).toEqual(await parameters.get(query)!.array());
    const other = new BertModel(config, { seed: 12 });
    expect(await other.namedParameters().get(query)!.array()).not.toEqual(await parameters.get(query)!.array());
    for (const m of [model, again, other]) m.dispose();
  });

  it('applies dropout only when training; dropoutSeed makes it reproducible', async () => {
    const model = new BertModel(tinyConfig(), { seed: 1 });
    const batch = tinyBatch();
    const run = async (training: boolean, dropoutSeed?: number) => {
      const out = model.forward(batch, { training, dropoutSeed });
      const values = await out.lastHiddenState.array();
      disposeAll(out);
      return values;
    };
    const evaluation = await run(false);
    expect(await run(false)).toEqual(evaluation);
    const seeded = await run(true, 5);
    expect(seeded).not.toEqual(evaluation);
    expect(await run(true, 5)).toEqual(seeded);
    expect(await run(true, 6)).not.toEqual(seeded);
    disposeAll(batch);
    model.dispose();
  });
});

describe('padding invariance', () => {
  for (const [modelType, pad] of [
    ['bert', 0],
    ['roberta', 1],
    ['albert', 0],
    ['distilbert', 0],
  ] as const) {
    it(`${modelType}: appending [PAD] with mask 0 leaves real positions unchanged (max |Δ| ≤ 1e-5)`, async () => {
      const overrides =
        modelType === 'albert'
          ? { embeddingSize: 16 }
          : modelType === 'roberta'
            ? { padTokenId: 1, typeVocabSize: 1 }
            : {};
      const config = tinyConfig({ modelType, ...overrides });
      const model =
        modelType === 'distilbert' || modelType === 'roberta'
          ? new BertModel(config, { seed: 2 })
          : new BertForPreTraining(config, { seed: 2 });
      const ids = [
        [2, 17, 45, 3, 88],
        [2, 33, 71, pad, pad],
      ];
      const mask = [
        [1, 1, 1, 1, 1],
        [1, 1, 1, 0, 0],
      ];
      const padded = (rows: number[][], value: number) => rows.map((row) => [...row, value, value, value]);
      const run = async (inputIds: number[][], attentionMask: number[][]) => {
        const inputs = {
          inputIds: tf.tensor2d(inputIds, undefined, 'int32'),
          attentionMask: tf.tensor2d(attentionMask, undefined, 'int32'),
          maskedPositions: tf.tensor2d(
            [
              [1, 2],
              [0, 2],
            ],
            undefined,
            'int32',
          ),
        };
        const out = model.forward(inputs, { training: false }) as unknown as Record<string, tf.Tensor>;
        const hidden = (await out['lastHiddenState']!.array()) as number[][][];
        const extra = await Promise.all(
          ['poolerOutput', 'prediction_logits'].filter((k) => out[k]).map((k) => out[k]!.array()),
        );
        disposeAll(inputs, out);
        return { hidden, extra: extra.flat(3) as number[] };
      };
      const short = await run(ids, mask);
      const long = await run(padded(ids, pad), padded(mask, 0));
      let maxDelta = 0;
      for (let b = 0; b < 2; b++) {
        for (let t = 0; t < 5; t++) {
          if (mask[b]![t] === 0) continue;
          short.hidden[b]![t]!.forEach((v, h) => {
            maxDelta = Math.max(maxDelta, Math.abs(v - long.hidden[b]![t]![h]!));
          });
        }
      }
      short.extra.forEach((v, i) => {
        maxDelta = Math.max(maxDelta, Math.abs(v - long.extra[i]!));
      });
      expect(maxDelta).toBeLessThanOrEqual(1e-5);
      model.dispose();
    });
  }
});
