import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { ConfigError } from '../errors.js';
import { countParameters } from '../pretrained-model.js';
import { disposeAll, tinyBatch, tinyConfig } from '../testing/tiny.js';
import { BertForMaskedLM } from './bert-for-masked-lm.js';
import { BertForPreTraining } from './bert-for-pre-training.js';
import { BertForSequenceClassification } from './bert-for-sequence-classification.js';
import { BertForTokenClassification } from './bert-for-token-classification.js';
import { resolveProblemType } from './problem-type.js';

/** Runs one forward, returns the output shapes by name and checks that disposing the outputs frees everything. */
function shapesOf(
  model: { forward: (b: never, o: never) => unknown },
  batch: unknown,
): Record<string, number[] | number[][]> {
  const before = tf.memory().numTensors;
  const outputs = model.forward(
    batch as never,
    { training: true, dropoutSeed: 3, outputAttentions: true } as never,
  ) as Record<string, tf.Tensor | tf.Tensor[] | undefined>;
  const shapes = Object.fromEntries(
    Object.entries(outputs)
      .filter(([, value]) => value !== undefined)
      .map(([name, value]) => [name, Array.isArray(value) ? value.map((t) => t.shape) : (value as tf.Tensor).shape]),
  );
  disposeAll(outputs);
  expect(tf.memory().numTensors).toBe(before);
  return shapes as Record<string, number[] | number[][]>;
}

describe('heads (tiny config: V 99, H 32, 2 layers, 4 heads; batch B 2, T 7, P 3)', () => {
  const batch = tinyBatch();
  const attentions = [
    [2, 4, 7, 7],
    [2, 4, 7, 7],
  ];

  it('BertForPreTraining: MLM logits only at maskedPositions [B,P,V], NSP logits [B,2]', () => {
    const model = new BertForPreTraining(tinyConfig(), { seed: 1 });
    expect(shapesOf(model, batch)).toEqual({
      lastHiddenState: [2, 7, 32],
      poolerOutput: [2, 32],
      attentions,
      prediction_logits: [2, 3, 99],
      seq_relationship_logits: [2, 2],
    });
    const { maskedPositions: _, ...everywhere } = batch;
    expect(shapesOf(model, everywhere)['prediction_logits']).toEqual([2, 7, 99]);
    model.dispose();
  });

  it('BertForMaskedLM: no pooler, logits [B,P,V]; at maskedPositions they equal the full logits there', async () => {
    const model = new BertForMaskedLM(tinyConfig(), { seed: 1 });
    expect([...model.namedParameters().keys()].some((name) => name.includes('pooler'))).toBe(false);
    expect(shapesOf(model, batch)).toEqual({ lastHiddenState: [2, 7, 32], attentions, logits: [2, 3, 99] });
    const { maskedPositions: _, ...everywhere } = batch;
    const selected = model.forward(batch, { training: false });
    const full = model.forward(everywhere, { training: false });
    const [some, all] = (await Promise.all([selected.logits.array(), full.logits.array()])) as number[][][][];
    const positions = (await batch.maskedPositions!.array()) as number[][];
    for (const [b, row] of positions.entries()) {
      for (const [p, t] of row.entries()) expect(some![b]![p]).toEqual(all![b]![t]!.map((v) => expect.closeTo(v, 5)));
    }
    disposeAll(selected, full);
    model.dispose();
  });

  it('BertForSequenceClassification: logits [B,C]; numLabels 1 is regression per HF problem_type', () => {
    const model = new BertForSequenceClassification(tinyConfig({ numLabels: 3 }), { seed: 1 });
    expect(shapesOf(model, batch)).toMatchObject({ poolerOutput: [2, 32], logits: [2, 3] });
    expect(model.namedParameters().get('classifier.weight')?.shape).toEqual([32, 3]); // saved as [3, 32]
    model.dispose();
    const regression = tinyConfig({ numLabels: 1 });
    expect(resolveProblemType(regression, 'float32')).toBe('regression');
    expect(resolveProblemType(tinyConfig({ numLabels: 3 }), 'int32')).toBe('single_label_classification');
    expect(resolveProblemType(tinyConfig({ numLabels: 3 }), 'float32')).toBe('multi_label_classification');
    expect(resolveProblemType(tinyConfig({ numLabels: 3, problemType: 'regression' }), 'int32')).toBe('regression');
  });

  it('BertForTokenClassification: logits [B,T,C], no pooler', () => {
    const model = new BertForTokenClassification(tinyConfig({ numLabels: 5 }), { seed: 1 });
    expect(shapesOf(model, batch)).toEqual({ lastHiddenState: [2, 7, 32], attentions, logits: [2, 7, 5] });
    model.dispose();
  });

  it('ties the MLM decoder to the word embeddings: one variable, counted once, HF names', () => {
    const model = new BertForPreTraining(tinyConfig(), { seed: 1 });
    const names = [...model.namedParameters().keys()];
    expect(model.cls.predictions.wordEmbeddings).toBe(
      model.namedParameters().get('bert.embeddings.word_embeddings.weight'),
    );
    expect(names).not.toContain('cls.predictions.decoder.weight');
    expect(names).toEqual(
      expect.arrayContaining([
        'bert.encoder.layer.0.attention.self.query.weight',
        'cls.predictions.transform.dense.weight',
        'cls.predictions.transform.LayerNorm.weight',
        'cls.predictions.bias',
        'cls.seq_relationship.weight',
      ]),
    );
    // 2 layers of H 32 / I 37 plus embeddings, pooler and heads (no second V×H decoder).
    const H = 32;
    const layer = 4 * (H * H + H) + 2 * 2 * H + (H * 37 + 37) + (37 * H + H);
    const embeddings = (99 + 40 + 2) * H + 2 * H;
    const heads = H * H + H + 2 * H + 99 + 2 * H + 2;
    expect(countParameters(model)).toBe(embeddings + 2 * layer + H * H + H + heads);
    model.dispose();
  });

  it('builds the variants where HF has the head, and says which heads are not built', () => {
    const roberta = tinyConfig({ modelType: 'roberta', padTokenId: 1, typeVocabSize: 1 });
    expect(() => new BertForPreTraining(roberta)).toThrow(ConfigError);
    expect(() => new BertForSequenceClassification(tinyConfig({ modelType: 'distilbert', typeVocabSize: 0 }))).toThrow(
      'BertForSequenceClassification does not implement the "distilbert" classification head yet',
    );
    const albert = new BertForPreTraining(tinyConfig({ modelType: 'albert', embeddingSize: 16, numHiddenLayers: 4 }), {
      seed: 1,
    });
    expect(albert.architecture).toBe('AlbertForPreTraining');
    expect(albert.bert.encoder.layer).toHaveLength(1); // 4 layers share one parameter group
    expect(shapesOf(albert, batch)).toMatchObject({ prediction_logits: [2, 3, 99], seq_relationship_logits: [2, 2] });
    albert.dispose();
    const mlm = new BertForMaskedLM(roberta, { seed: 1 });
    expect(mlm.architecture).toBe('RobertaForMaskedLM');
    expect([...mlm.namedParameters().keys()]).toEqual(
      expect.arrayContaining([
        'roberta.embeddings.word_embeddings.weight',
        'lm_head.dense.weight',
        'lm_head.layer_norm.weight',
        'lm_head.bias',
      ]),
    );
    mlm.dispose();
  });

  afterAll(() => disposeAll(batch));
});
