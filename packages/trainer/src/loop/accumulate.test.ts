import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { AdamW } from '../optim/adamw.js';
import type { PretrainingBatch } from '../pretraining/pretraining-batch.js';
import { pretrainingLossFn } from '../pretraining/pretraining-loss.js';
import {
  concatBatches,
  houseTinyConfig,
  NO_DROPOUT,
  SyntheticRng,
  syntheticBatch,
  tinyModel,
} from '../testing/synthetic.js';
import { accumulateGradients, microBatchShares } from './accumulate.js';
import type { LossFunction } from './loss-function.js';

const lossFn = pretrainingLossFn();

/** Largest ‖a − b‖ / ‖b‖ over the tensors (norm-wise relative error). */
function worstNormRelative(actual: Map<string, Float32Array>, expected: Map<string, Float32Array>): number {
  let worst = 0;
  for (const [name, values] of expected) {
    const other = actual.get(name)!;
    let difference = 0;
    let norm = 0;
    values.forEach((value, index) => {
      difference += (other[index]! - value) ** 2;
      norm += value ** 2;
    });
    worst = Math.max(worst, Math.sqrt(difference / Math.max(norm, 1e-30)));
  }
  return worst;
}

/** Micro-batches with 1…3 predictions per row, so their masked-token counts differ. */
function microBatches(count: number): PretrainingBatch[] {
  const rng = new SyntheticRng(7);
  return Array.from({ length: count }, () => syntheticBatch(rng, { batchSize: 2, seqLength: 10, maxPredictions: 3 }));
}

async function read(map: Map<string, tf.Tensor>): Promise<Map<string, Float32Array>> {
  return new Map(
    await Promise.all([...map].map(async ([name, t]) => [name, (await t.data()) as Float32Array] as const)),
  );
}

/** Largest |a − b| / max(|b|, floor) over every element of every tensor. */
function worstRelative(actual: Map<string, Float32Array>, expected: Map<string, Float32Array>, floor: number): number {
  let worst = 0;
  for (const [name, values] of expected) {
    const other = actual.get(name)!;
    values.forEach((value, index) => {
      worst = Math.max(worst, Math.abs(other[index]! - value) / Math.max(Math.abs(value), floor));
    });
  }
  return worst;
}

const disposables: { dispose(): void }[] = [];
afterEach(() => {
  for (const item of disposables.splice(0)) item.dispose();
});

describe('gradient accumulation', () => {
  it('weights micro-batches by their share of each denominator', () => {
    const batches = microBatches(3);
    const shares = microBatchShares(lossFn, batches);
    const weights = batches.map((batch) => batch.maskedWeights.reduce((sum, w) => sum + w, 0));
    const total = weights.reduce((sum, w) => sum + w, 0);
    expect(new Set(weights).size).toBeGreaterThan(1); // otherwise the test could not tell 1/k from the shares
    shares.forEach((share, index) => {
      expect(share['mlm']).toBeCloseTo(weights[index]! / total, 12);
      expect(share['nsp']).toBeCloseTo(1 / 3, 12);
    });
    const plain: LossFunction<unknown, PretrainingBatch> = () => ({ loss: tf.scalar(0) });
    expect(microBatchShares(plain, batches)).toEqual([{}, {}, {}]);
  });

  it('k micro-batches give the gradient, loss, metrics and AdamW step of one k-times-larger batch (1e-5)', async () => {
    const config = houseTinyConfig(NO_DROPOUT);
    const small = tinyModel(config, 3);
    const big = tinyModel(config, 3);
    disposables.push(small, big);
    const batches = microBatches(3);
    const before = tf.memory().numTensors;
    const accumulated = accumulateGradients(small, small.namedParameters(), lossFn, batches, [1, 2, 3]);
    const reference = accumulateGradients(big, big.namedParameters(), lossFn, [concatBatches(batches)], [1]);
    const [accumulatedGradients, referenceGradients] = [
      await read(accumulated.gradients),
      await read(reference.gradients),
    ];
    expect([...accumulatedGradients.keys()].sort()).toEqual([...referenceGradients.keys()].sort());
    expect(worstRelative(accumulatedGradients, referenceGradients, 1e-3)).toBeLessThan(1e-5);
    const [loss, referenceLoss] = [(await accumulated.loss.data())[0]!, (await reference.loss.data())[0]!];
    expect(Math.abs(loss - referenceLoss) / referenceLoss).toBeLessThan(1e-6);
    for (const name of ['mlm_accuracy', 'nsp_accuracy']) {
      expect((await accumulated.metrics.get(name)!.data())[0]).toBeCloseTo(
        (await reference.metrics.get(name)!.data())[0]!,
        6,
      );
    }

    // The same AdamW update on both models leaves equal parameters.
    const [smallOptimizer, bigOptimizer] = [new AdamW(small.namedParameters()), new AdamW(big.namedParameters())];
    smallOptimizer.applyGradients(accumulated.gradients, 1e-3);
    bigOptimizer.applyGradients(reference.gradients, 1e-3);
    const parameters = async (model: typeof small) =>
      new Map(
        await Promise.all(
          [...model.namedParameters()].map(async ([n, v]) => [n, (await v.data()) as Float32Array] as const),
        ),
      );
    // Key biases are left out: softmax ignores a score shift that is constant per query, so their true gradient
    // is 0 and the computed one is rounding noise, which Adam's g/√v normalizes into a ±lr step of random sign.
    const withoutKeyBias = (map: Map<string, Float32Array>) =>
      new Map([...map].filter(([name]) => !name.endsWith('attention.self.key.bias')));
    const [smallParameters, bigParameters] = [
      withoutKeyBias(await parameters(small)),
      withoutKeyBias(await parameters(big)),
    ];
    expect(smallParameters.size).toBe(bigParameters.size);
    // Tensor by tensor (‖Δ‖/‖p‖ ≈ 4e-7 here); element by element Adam amplifies rounding where |g| ≈ ε, hence 1e-4.
    expect(worstNormRelative(smallParameters, bigParameters)).toBeLessThan(1e-5);
    expect(worstRelative(smallParameters, bigParameters, 1e-2)).toBeLessThan(1e-4);

    for (const result of [accumulated, reference])
      tf.dispose([...result.gradients.values(), result.loss, ...result.metrics.values()]);
    smallOptimizer.dispose();
    bigOptimizer.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('differs measurably from a plain 1/k average (the test can fail)', async () => {
    const config = houseTinyConfig(NO_DROPOUT);
    const model = tinyModel(config, 3);
    disposables.push(model);
    const batches = microBatches(3);
    const naive: LossFunction<typeof model, PretrainingBatch> = (m, b, training, seed) => lossFn(m, b, training, seed);
    const weighted = accumulateGradients(model, model.namedParameters(), lossFn, batches, [1, 2, 3]);
    const averaged = accumulateGradients(model, model.namedParameters(), naive, batches, [1, 2, 3]);
    expect(worstRelative(await read(averaged.gradients), await read(weighted.gradients), 1e-3)).toBeGreaterThan(1e-3);
    for (const result of [weighted, averaged])
      tf.dispose([...result.gradients.values(), result.loss, ...result.metrics.values()]);
  });

  it('with one micro-batch equals differentiating the loss directly, bit for bit', async () => {
    const model = tinyModel(houseTinyConfig(), 5);
    disposables.push(model);
    const [batch] = microBatches(1);
    const result = accumulateGradients(model, model.namedParameters(), lossFn, [batch!], [11]);
    const variables = [...model.namedParameters().values()];
    const direct = tf.variableGrads(() => lossFn(model, batch!, true, 11).loss, variables);
    const names = new Map([...model.namedParameters()].map(([name, v]) => [v.name, name]));
    const directByName = new Map(Object.entries(direct.grads).map(([v, g]) => [names.get(v)!, g]));
    const [ours, theirs] = [await read(result.gradients), await read(directByName)];
    for (const [name, values] of theirs) expect(Array.from(ours.get(name)!), name).toEqual(Array.from(values));
    expect(await result.loss.data()).toEqual(await direct.value.data());
    tf.dispose([
      ...result.gradients.values(),
      result.loss,
      ...result.metrics.values(),
      direct.value,
      ...Object.values(direct.grads),
    ]);
  });
});
