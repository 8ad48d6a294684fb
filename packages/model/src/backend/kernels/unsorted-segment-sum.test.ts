import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { maxError, onBackend, randomArray, randomTensor } from './test-utils.js';

/** Independent reference: a plain loop in float64. */
function reference(x: Float32Array, ids: Int32Array, numSegments: number): Float64Array {
  const rowSize = x.length / ids.length;
  const out = new Float64Array(numSegments * rowSize);
  ids.forEach((segment, row) => {
    if (segment < 0 || segment >= numSegments) return;
    for (let k = 0; k < rowSize; k++) out[segment * rowSize + k]! += x[row * rowSize + k]!;
  });
  return out;
}

describe('UnsortedSegmentSum (wasm fix)', () => {
  it.each([
    [[7], 3],
    [[5, 3], 4],
    [[13, 2, 5], 6],
    [[1, 1], 1],
  ])('sums rows of x %j into %i segments like a float64 loop', (shape, numSegments) => {
    const rows = shape[0]!;
    const ids = Int32Array.from({ length: rows }, (_, i) => (i * 7 + 3) % numSegments);
    const x = randomTensor(shape, rows);
    const result = tf.unsortedSegmentSum(x, tf.tensor1d(ids, 'int32'), numSegments);
    expect(result.shape).toEqual([numSegments, ...shape.slice(1)]);
    expect(maxError(result.dataSync(), reference(x.dataSync() as Float32Array, ids, numSegments))).toBeLessThan(1e-6);
    tf.dispose([x, result]);
  });

  it('drops negative and out-of-range ids, and handles int32 x', () => {
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32');
    const result = tf.unsortedSegmentSum(x, tf.tensor1d([1, -1, 5], 'int32'), 2);
    expect(result.dtype).toBe('int32');
    expect(Array.from(result.dataSync())).toEqual([0, 0, 1, 2]);
    tf.dispose([x, result]);
  });

  it('makes the gradient of tf.gather match the cpu backend (embedding lookup)', async () => {
    const table = randomArray(11 * 6, 1);
    const indices = Int32Array.from([3, 0, 3, 10, 7, 3, 1, 0]);
    const gradient = () => {
      const weights = tf.tensor2d(table, [11, 6]);
      const [dWeights] = tf.grads((w: tf.Tensor) => tf.sum(tf.mul(tf.gather(w, tf.tensor1d(indices, 'int32')), 2)))([
        weights,
      ]);
      return dWeights!;
    };
    const expected = await onBackend('cpu', () => tf.tidy(gradient));
    const actual = tf.tidy(gradient);
    expect(actual.shape).toEqual(expected.shape);
    expect(maxError(actual.dataSync(), expected.values)).toBeLessThan(1e-6);
    actual.dispose();
  });

  it('leaks no tensors', () => {
    const x = randomTensor([9, 4], 2);
    const ids = tf.tensor1d([0, 1, 2, 0, 1, 2, 0, 1, 2], 'int32');
    const before = tf.memory().numTensors;
    tf.unsortedSegmentSum(x, ids, 3).dispose();
    tf.tidy(() => tf.grad((w: tf.Tensor) => tf.sum(tf.gather(w, ids)))(x)).dispose();
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x, ids]);
  });
});
