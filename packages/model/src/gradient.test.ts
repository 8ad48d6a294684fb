import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { BertModel } from './bert-model.js';
import { BertForPreTraining } from './heads/bert-for-pre-training.js';
import { disposeAll, tinyBatch, tinyConfig } from './testing/tiny.js';

/**
 * Gradient check on the 2-layer tiny model: tfjs's analytic gradients of a random projection of both heads' logits
 * against central finite differences (float32 forward, float64 reduction, Richardson-extrapolated) on the largest-gradient elements of
 * parameters from every module.
 */
describe('gradients', () => {
  const CHECKED = [
    'bert.embeddings.word_embeddings.weight',
    'bert.embeddings.position_embeddings.weight',
    'bert.embeddings.token_type_embeddings.weight',
    'bert.embeddings.LayerNorm.weight',
    'bert.encoder.layer.0.attention.self.query.weight',
    'bert.encoder.layer.1.attention.self.value.bias', // not key.bias: softmax ignores it, its true gradient is 0
    'bert.encoder.layer.0.attention.output.dense.weight',
    'bert.encoder.layer.0.intermediate.dense.weight',
    'bert.encoder.layer.1.output.LayerNorm.bias',
    'bert.pooler.dense.weight',
    'cls.predictions.transform.dense.weight',
    'cls.predictions.bias',
    'cls.seq_relationship.weight',
  ];

  it('match finite differences (relative error < 1e-3)', async () => {
    // initializerRange 0.15 makes attention non-uniform, so every parameter has gradients well above float32 noise.
    const model = new BertForPreTraining(tinyConfig({ initializerRange: 0.15 }), { seed: 3 });
    const batch = tinyBatch(0);
    const projections = [tf.randomNormal([2, 3, 99], 0, 1, 'float32', 1), tf.randomNormal([2, 2], 0, 1, 'float32', 2)];
    const weights = (await Promise.all(projections.map((p) => p.data()))).map((data) => Array.from(data));
    const lossTensor = () => {
      const out = model.forward(batch, { training: false });
      const terms = [out.prediction_logits, out.seq_relationship_logits].map((logits, index) =>
        tf.sum(tf.mul(logits, projections[index]!)),
      );
      return tf.addN(terms) as tf.Scalar;
    };
    const loss64 = async () => {
      const out = model.forward(batch, { training: false });
      const logits = (await Promise.all([
        out.prediction_logits.data(),
        out.seq_relationship_logits.data(),
      ])) as Float32Array[];
      disposeAll(out);
      return logits.reduce(
        (total, values, index) => total + values.reduce((sum, v, i) => sum + v * weights[index]![i]!, 0),
        0,
      );
    };

    const parameters = model.namedParameters();
    const variables = CHECKED.map((name) => parameters.get(name)!);
    const { value, grads } = tf.variableGrads(lossTensor, variables);
    value.dispose();

    const h = 1e-2;
    let worst = 0;
    for (const variable of variables) {
      const gradient = Array.from(await grads[variable.name]!.data());
      const original = Array.from(await variable.data());
      const order = gradient.map((g, index) => [Math.abs(g), index] as const).sort((a, b) => b[0] - a[0]);
      for (const [, index] of order.slice(0, 2)) {
        const probe = async (delta: number) => {
          const values = original.slice();
          values[index]! += delta;
          variable.assign(tf.tensor(values, variable.shape));
          return loss64();
        };
        // Richardson extrapolation of two central differences cancels the O(h²) truncation error.
        const central = async (step: number) => ((await probe(step)) - (await probe(-step))) / (2 * step);
        const numeric = (4 * (await central(h / 2)) - (await central(h))) / 3;
        variable.assign(tf.tensor(original, variable.shape));
        const analytic = gradient[index]!;
        const relative = Math.abs(analytic - numeric) / Math.max(Math.abs(analytic), Math.abs(numeric));
        worst = Math.max(worst, relative);
        expect(relative, `${variable.name}[${index}]: analytic ${analytic}, numeric ${numeric}`).toBeLessThan(1e-3);
      }
    }
    console.info(`gradient check: worst relative error ${worst.toExponential(2)}`);

    disposeAll(grads, batch, projections);
    model.dispose();
  });

  it('give the padding row of the word embeddings no gradient from lookups, like nn.Embedding(padding_idx)', async () => {
    // (In BertForPreTraining the tied decoder still trains that row, in HF as here; BertModel has no decoder.)
    const model = new BertModel(tinyConfig(), { seed: 3 });
    const batch = tinyBatch(0);
    const projection = tf.randomNormal([2, 7, 32], 0, 1, 'float32', 4);
    const words = model.namedParameters().get('embeddings.word_embeddings.weight')!;
    const { value, grads } = tf.variableGrads(() => {
      const out = model.forward(batch, { training: true, dropoutSeed: 1 });
      return tf.sum(tf.mul(out.lastHiddenState, projection)) as tf.Scalar;
    }, [words]);
    const gradient = (await grads[words.name]!.array()) as number[][];
    expect(gradient[0]!.every((g) => g === 0)).toBe(true); // [PAD] occurs twice in the batch
    expect(gradient[17]!.some((g) => g !== 0)).toBe(true);
    disposeAll(value, grads, batch, projection);
    model.dispose();
  });
});
