import { BertError, ShapeError } from '@bert/core';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { LossShapeError } from './errors.js';
import { maskedCrossEntropy } from './masked-cross-entropy.js';
import { chunk, logSumExp, softmax, values } from './reference.test-helpers.js';

const C = 6;
const logitsFlat = values(4 * C, 1);
const labels = [2, -100, 5, 0];
const positionWeights = [1, 1, 0.5, 2];
const classWeights = [1, 2, 3, 1, 1, 0.25];

/** Value and gradient (∂/∂logits = w_i / Σw · (softmax_i − onehot_i)) of the weighted mean, in float64. */
function reference(weights: readonly number[], classes?: readonly number[]) {
  const rows = chunk(logitsFlat, C);
  const w = labels.map((label, i) => (label === -100 ? 0 : weights[i]! * (classes ? classes[label]! : 1)));
  const total = w.reduce((a, b) => a + b, 0);
  const loss =
    rows.reduce((sum, row, i) => (w[i] === 0 ? sum : sum + w[i]! * (logSumExp(row) - row[labels[i]!]!)), 0) / total;
  const gradient = rows.flatMap((row, i) =>
    softmax(row).map((p, c) => (w[i]! / total) * (p - (c === labels[i] ? 1 : 0))),
  );
  return { loss, gradient };
}

describe('maskedCrossEntropy', () => {
  it.each([
    ['unweighted', [1, 1, 1, 1], undefined],
    ['position weights', positionWeights, undefined],
    ['class weights', [1, 1, 1, 1], classWeights],
  ] as const)('%s: value and gradient equal the float64 reference', async (_name, weights, classes) => {
    const logits = tf.tensor2d(chunk(logitsFlat, C));
    const labelTensor = tf.tensor1d(labels, 'int32');
    const options = {
      weights: weights === positionWeights ? tf.tensor1d(weights as number[]) : undefined,
      classWeights: classes === undefined ? undefined : tf.tensor1d(classes as number[]),
    };
    const before = tf.memory().numTensors;
    const { value, grad } = tf.valueAndGrad((x: tf.Tensor) => maskedCrossEntropy(x, labelTensor, options) as tf.Scalar)(
      logits,
    );
    const expected = reference(weights, classes);
    expect((await value.data())[0]).toBeCloseTo(expected.loss, 6);
    Array.from(await grad.data()).forEach((g, i) => {
      expect(g).toBeCloseTo(expected.gradient[i]!, 6);
    });
    tf.dispose([value, grad]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose(
      [logits, labelTensor, options.weights, options.classWeights].filter((t) => t !== undefined) as tf.Tensor[],
    );
  });

  it('takes [B, T, V] logits with [B, T] labels and matches the flattened computation', async () => {
    const logits = tf.tensor(logitsFlat, [2, 2, C]);
    const labelTensor = tf.tensor2d(chunk(labels, 2), undefined, 'int32');
    const loss = maskedCrossEntropy(logits, labelTensor);
    expect((await loss.data())[0]).toBeCloseTo(reference([1, 1, 1, 1]).loss, 6);
    tf.dispose([logits, labelTensor, loss]);
  });

  it('is stable for huge logits (log-sum-exp subtracts the row max)', async () => {
    const row = [10000, 9990, -5000];
    const logits = tf.tensor2d([row]);
    const label = tf.tensor1d([1], 'int32');
    const loss = maskedCrossEntropy(logits, label);
    expect((await loss.data())[0]).toBeCloseTo(logSumExp(row) - 9990, 3); // ≈ 10.0000454
    tf.dispose([logits, label, loss]);
  });

  it('returns 0 (not NaN) with zero gradient when every label is ignored; `none` and `sum` reductions', async () => {
    const logits = tf.tensor2d(chunk(logitsFlat, C));
    const ignored = tf.tensor1d([-100, -100, -100, -100], 'int32');
    const { value, grad } = tf.valueAndGrad((x: tf.Tensor) => maskedCrossEntropy(x, ignored) as tf.Scalar)(logits);
    expect(Array.from(await value.data())).toEqual([0]);
    expect(Array.from(await grad.data()).every((g) => g === 0)).toBe(true);
    const labelTensor = tf.tensor1d(labels, 'int32');
    const perPosition = maskedCrossEntropy(logits, labelTensor, { reduction: 'none' });
    const rows = chunk(logitsFlat, C);
    const expected = labels.map((label, i) => (label === -100 ? 0 : logSumExp(rows[i]!) - rows[i]![label]!));
    Array.from(await perPosition.data()).forEach((v, i) => {
      expect(v).toBeCloseTo(expected[i]!, 5);
    });
    const sum = maskedCrossEntropy(logits, labelTensor, { reduction: 'sum' });
    expect((await sum.data())[0]).toBeCloseTo(
      expected.reduce((a, b) => a + b, 0),
      5,
    );
    tf.dispose([logits, ignored, value, grad, labelTensor, perPosition, sum]);
  });

  it('checks shapes and dtypes', () => {
    const logits = tf.zeros([2, 3, 5]);
    const wrong = tf.zeros([2, 4], 'int32');
    const floats = tf.zeros([2, 3]);
    expect(() => maskedCrossEntropy(logits, wrong)).toThrow('labels: expected shape [2,3], got [2,4]');
    expect(() => maskedCrossEntropy(logits, floats)).toThrow('labels: expected dtype int32, got float32');
    // One hierarchy across packages: callers catch @bert/core's ShapeError / BertError.
    const error = (() => {
      try {
        maskedCrossEntropy(logits, wrong);
      } catch (caught) {
        return caught;
      }
    })();
    expect(error).toBeInstanceOf(LossShapeError);
    expect(error).toBeInstanceOf(ShapeError);
    expect(error).toBeInstanceOf(BertError);
    expect((error as Error).name).toBe('ShapeError');
    tf.dispose([logits, wrong, floats]);
  });
});
