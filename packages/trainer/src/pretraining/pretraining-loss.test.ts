import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { houseTinyConfig, SyntheticRng, syntheticBatch, tinyModel } from '../testing/synthetic.js';
import { assertPretrainingBatch, countTokens, toTensors } from './pretraining-batch.js';
import { pretrainingLoss, pretrainingLossFn, smoothedOneHot } from './pretraining-loss.js';

const model = tinyModel(houseTinyConfig({ initializerRange: 0.2 }), 9); // larger init: logits far from uniform
const batch = syntheticBatch(new SyntheticRng(3), { batchSize: 3, seqLength: 10, maxPredictions: 4 });
afterAll(() => model.dispose());

/** float64 reference from the model's logits: per-slot log-probabilities. */
async function reference() {
  const tensors = toTensors(batch);
  const outputs = model.forward(tensors, { training: false });
  const mlmLogits = (await outputs.prediction_logits.array()) as number[][][]; // [B, P, V]
  const nspLogits = (await outputs.seq_relationship_logits.array()) as number[][]; // [B, 2]
  tf.dispose([tensors, outputs] as unknown as tf.TensorContainer);
  const logSoftmax = (row: number[]) => {
    const max = Math.max(...row);
    const lse = max + Math.log(row.reduce((sum, x) => sum + Math.exp(x - max), 0));
    return row.map((x) => x - lse);
  };
  const slots: { logp: number[]; id: number; weight: number }[] = [];
  for (const [b, rows] of mlmLogits.entries()) {
    for (const [p, row] of rows.entries()) {
      const index = b * batch.maxPredictions + p;
      slots.push({ logp: logSoftmax(row), id: batch.maskedIds[index]!, weight: batch.maskedWeights[index]! });
    }
  }
  const weightSum = slots.reduce((sum, s) => sum + s.weight, 0);
  const weightedMean = (f: (s: (typeof slots)[number]) => number) =>
    slots.reduce((sum, s) => sum + s.weight * f(s), 0) / weightSum;
  const argmax = (row: number[]) => row.indexOf(Math.max(...row));
  const nsp = nspLogits.map((row, b) => -logSoftmax(row)[batch.nextSentenceLabel[b]!]!);
  return {
    mlm: weightedMean((s) => -s.logp[s.id]!),
    smoothedCe: (epsilon: number) =>
      weightedMean(
        (s) => (1 - epsilon) * -s.logp[s.id]! + epsilon * -(s.logp.reduce((a, x) => a + x, 0) / s.logp.length),
      ),
    kl: (epsilon: number) =>
      weightedMean((s) => {
        const V = s.logp.length;
        return s.logp.reduce((sum, logp, c) => {
          const q = (c === s.id ? 1 - epsilon : 0) + epsilon / V;
          return sum + q * (Math.log(q) - logp);
        }, 0);
      }),
    nsp: nsp.reduce((a, x) => a + x, 0) / nsp.length,
    mlmAccuracy: weightedMean((s) => (argmax(s.logp) === s.id ? 1 : 0)),
    nspAccuracy: nspLogits.filter((row, b) => argmax(row) === batch.nextSentenceLabel[b]).length / nspLogits.length,
  };
}

async function scalars(output: ReturnType<typeof pretrainingLoss>) {
  const read = async (t: tf.Scalar) => (await t.data())[0]!;
  const result = {
    loss: await read(output.loss),
    mlm: await read(output.terms.mlm),
    nsp: await read(output.terms.nsp),
    mlmAccuracy: await read(output.metrics.mlm_accuracy),
    nspAccuracy: await read(output.metrics.nsp_accuracy),
    loggedTerms: [await read(output.metrics.mlm_loss), await read(output.metrics.nsp_loss)],
  };
  tf.dispose(output as unknown as tf.TensorContainer);
  return result;
}

describe('pretrainingLoss', () => {
  it('is weighted masked-LM cross-entropy + NSP cross-entropy, with both accuracies', async () => {
    const expected = await reference();
    const actual = await scalars(pretrainingLoss(model, batch, { training: false }));
    expect(actual.mlm).toBeCloseTo(expected.mlm, 5);
    expect(actual.nsp).toBeCloseTo(expected.nsp, 5);
    expect(actual.loss).toBeCloseTo(expected.mlm + expected.nsp, 5);
    expect(actual.mlmAccuracy).toBeCloseTo(expected.mlmAccuracy, 6);
    expect(actual.nspAccuracy).toBeCloseTo(expected.nspAccuracy, 6);
    expect(actual.loggedTerms).toEqual([actual.mlm, actual.nsp]); // the terms again, for the training log
  });

  it('applies label smoothing to the MLM cross-entropy', async () => {
    const expected = await reference();
    const actual = await scalars(pretrainingLoss(model, batch, { training: false, labelSmoothing: 0.1 }));
    expect(actual.mlm).toBeCloseTo(expected.smoothedCe(0.1), 5);
    expect(actual.nsp).toBeCloseTo(expected.nsp, 5);
  });

  it("'kl' equals cross-entropy for a one-hot target and KL to the smoothed target otherwise", async () => {
    const expected = await reference();
    const oneHot = await scalars(pretrainingLoss(model, batch, { training: false, loss: 'kl' }));
    expect(oneHot.mlm).toBeCloseTo(expected.mlm, 5);
    const smoothed = await scalars(pretrainingLoss(model, batch, { training: false, loss: 'kl', labelSmoothing: 0.2 }));
    expect(smoothed.mlm).toBeCloseTo(expected.kl(0.2), 5);
    // KL = smoothed CE − H(q): the same gradients, a constant apart.
    expect(smoothed.mlm).toBeLessThan(expected.smoothedCe(0.2));
  });

  it('builds the smoothed target in one oneHot, bit-identical to (1 − ε)·onehot + ε/V in float32', async () => {
    const ids = tf.tensor2d([3, 0, -100, 29, 7, 1], [2, 3], 'int32');
    for (const [V, smoothing] of [
      [30, 0],
      [30, 0.1],
      [30, 0.2],
      [8000, 0.1],
      [99, 0.37],
    ] as const) {
      const target = smoothedOneHot(ids, V, smoothing);
      const twoOps = tf.tidy(() => tf.add(tf.mul(tf.cast(tf.oneHot(ids, V), 'float32'), 1 - smoothing), smoothing / V));
      expect(target.dtype).toBe('float32');
      expect(Array.from(await target.data())).toEqual(Array.from(await twoOps.data()));
      tf.dispose([target, twoOps]);
    }
    ids.dispose();
  });

  it('declares the denominators accumulation needs', () => {
    const lossFn = pretrainingLossFn();
    const predictions = Array.from(batch.maskedWeights).reduce((a, w) => a + w, 0);
    expect(lossFn.denominators?.(batch)).toEqual({
      mlm: predictions,
      mlm_loss: predictions,
      mlm_accuracy: predictions,
      nsp: 3,
      nsp_loss: 3,
      nsp_accuracy: 3,
    });
  });

  it('skips NSP rows labelled -100 (no pair objective) in the loss, the accuracy and the denominators', async () => {
    const unpaired = { ...batch, nextSentenceLabel: Int32Array.from([batch.nextSentenceLabel[0]!, -100, -100]) };
    const onlyFirst = {
      ...batch,
      batchSize: 1,
      inputIds: batch.inputIds.slice(0, 10),
      tokenTypeIds: batch.tokenTypeIds.slice(0, 10),
      attentionMask: batch.attentionMask.slice(0, 10),
      maskedPositions: batch.maskedPositions.slice(0, 4),
      maskedIds: batch.maskedIds.slice(0, 4),
      maskedWeights: batch.maskedWeights.slice(0, 4),
      nextSentenceLabel: batch.nextSentenceLabel.slice(0, 1),
    };
    const [mixed, single] = [
      await scalars(pretrainingLoss(model, unpaired, { training: false })),
      await scalars(pretrainingLoss(model, onlyFirst, { training: false })),
    ];
    expect(mixed.nsp).toBeCloseTo(single.nsp, 6);
    expect(mixed.nspAccuracy).toBe(single.nspAccuracy);
    expect(pretrainingLossFn().denominators?.(unpaired)).toMatchObject({ nsp: 1, nsp_accuracy: 1 });
    const none = await scalars(
      pretrainingLoss(model, { ...batch, nextSentenceLabel: new Int32Array(3).fill(-100) }, { training: false }),
    );
    expect([none.nsp, none.nspAccuracy]).toEqual([0, 0]);
  });

  it('rejects bad options quoting them and does not leak', () => {
    expect(() => pretrainingLoss(model, batch, { labelSmoothing: 1 })).toThrow('labelSmoothing (1) must be in [0, 1)');
    const before = tf.memory().numTensors;
    tf.dispose(pretrainingLoss(model, batch, { training: true, dropoutSeed: 5 }) as unknown as tf.TensorContainer);
    const tensors = toTensors(batch);
    tf.dispose(pretrainingLoss(model, tensors, { loss: 'kl', labelSmoothing: 0.1 }) as unknown as tf.TensorContainer);
    tf.dispose(tensors as unknown as tf.TensorContainer);
    expect(tf.memory().numTensors).toBe(before);
  });
});

describe('toTensors', () => {
  it('collates typed arrays into [B, T], [B, P] and [B] tensors', () => {
    const tensors = toTensors(batch);
    const shapes = Object.fromEntries(Object.entries(tensors).map(([name, t]) => [name, [t.shape, t.dtype]]));
    expect(shapes).toEqual({
      inputIds: [[3, 10], 'int32'],
      tokenTypeIds: [[3, 10], 'int32'],
      attentionMask: [[3, 10], 'int32'],
      maskedPositions: [[3, 4], 'int32'],
      maskedIds: [[3, 4], 'int32'],
      maskedWeights: [[3, 4], 'float32'],
      nextSentenceLabel: [[3], 'int32'],
    });
    tf.dispose(tensors as unknown as tf.TensorContainer);
    expect(countTokens(batch)).toBe(Array.from(batch.attentionMask).filter((v) => v === 1).length);
  });

  it('names the field whose length is wrong', () => {
    expect(() => assertPretrainingBatch({ ...batch, maskedIds: new Int32Array(5) })).toThrow(
      'batch.maskedIds: expected B·P = 12 values (B 3, T 10, P 4), got 5',
    );
  });
});
