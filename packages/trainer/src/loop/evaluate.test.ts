import * as tf from '@tensorflow/tfjs';
import { afterAll, describe, expect, it } from 'vitest';
import { pretrainingLossFn } from '../pretraining/pretraining-loss.js';
import { concatBatches, houseTinyConfig, SyntheticRng, syntheticBatch, tinyModel } from '../testing/synthetic.js';
import { evaluateLoss } from './evaluate.js';

const model = tinyModel(houseTinyConfig(), 2);
afterAll(() => model.dispose());

describe('evaluateLoss', () => {
  it('weights batches by the loss denominators: equal to evaluating their concatenation', async () => {
    const rng = new SyntheticRng(4);
    const batches = Array.from({ length: 3 }, () =>
      syntheticBatch(rng, { batchSize: 2, seqLength: 10, maxPredictions: 3 }),
    );
    const lossFn = pretrainingLossFn();
    const before = tf.memory().numTensors;
    const separate = await evaluateLoss(model, batches, lossFn);
    const together = await evaluateLoss(model, [concatBatches(batches)], lossFn);
    expect(tf.memory().numTensors).toBe(before);
    expect(Object.keys(separate).sort()).toEqual([
      'loss',
      'mlm',
      'mlm_accuracy',
      'mlm_loss',
      'nsp',
      'nsp_accuracy',
      'nsp_loss',
    ]);
    expect(separate['mlm_loss']).toBe(separate['mlm']);
    for (const [name, value] of Object.entries(together)) expect(separate[name], name).toBeCloseTo(value, 5);
    expect(separate['loss']).toBeCloseTo(separate['mlm']! + separate['nsp']!, 12);
  });
});
