import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { maxError, onBackend, randomArray } from './test-utils.js';

type Case = readonly [aShape: number[], bShape: number[]];

/** Shapes before transposes ([..., m, k] × [..., k, n]); odd sizes, batches and broadcasts. */
const CASES: readonly Case[] = [
  [
    [1, 1],
    [1, 1],
  ],
  [
    [7, 5],
    [5, 3],
  ],
  [
    [33, 17],
    [17, 65],
  ],
  [
    [3, 9, 5],
    [3, 5, 11],
  ],
  [
    [4, 9, 5],
    [5, 7],
  ], //           b broadcasts: one tall 2-D product
  [
    [6, 5],
    [2, 5, 7],
  ], //           a broadcasts
  [
    [2, 3, 4, 6],
    [1, 3, 6, 5],
  ], //  4-D with a size-1 batch dim
  [
    [12, 30, 16],
    [12, 16, 30],
  ], //  attention-like
];

/** Lays out an operand stored as `shape` ([..., rows, cols]) transposed, i.e. [..., cols, rows]. */
function stored(shape: number[], transpose: boolean): number[] {
  if (!transpose) return shape;
  const copy = [...shape];
  [copy[copy.length - 2], copy[copy.length - 1]] = [copy.at(-1)!, copy.at(-2)!];
  return copy;
}

const combinations = [
  [false, false],
  [false, true],
  [true, false],
  [true, true],
] as const;

describe('BatchMatMul (wasm fix)', () => {
  for (const [aShape, bShape] of CASES) {
    for (const [transposeA, transposeB] of combinations) {
      it(`[${aShape}]·[${bShape}] transposeA=${transposeA} transposeB=${transposeB} matches cpu`, async () => {
        const aStored = stored(aShape, transposeA);
        const bStored = stored(bShape, transposeB);
        const aValues = randomArray(
          aStored.reduce((x, y) => x * y, 1),
          3,
        );
        const bValues = randomArray(
          bStored.reduce((x, y) => x * y, 1),
          4,
        );
        const compute = () =>
          tf.tidy(() => tf.matMul(tf.tensor(aValues, aStored), tf.tensor(bValues, bStored), transposeA, transposeB));
        const expected = await onBackend('cpu', compute);
        const actual = compute();
        expect(actual.shape).toEqual(expected.shape);
        expect(maxError(actual.dataSync(), expected.values)).toBeLessThan(1e-5);
        actual.dispose();
      });
    }
  }

  it('broadcasts batch dims on both sides like numpy (cpu 4.22 gets this wrong; float64 loop instead)', () => {
    const a = randomArray(2 * 4 * 6, 15); // [2, 1, 4, 6]
    const b = randomArray(3 * 6 * 5, 16); // [3, 6, 5]
    const expected = new Float64Array(2 * 3 * 4 * 5);
    for (let i = 0; i < 2; i++)
      for (let j = 0; j < 3; j++)
        for (let r = 0; r < 4; r++)
          for (let c = 0; c < 5; c++) {
            let sum = 0;
            for (let k = 0; k < 6; k++) sum += a[i * 24 + r * 6 + k]! * b[j * 30 + k * 5 + c]!;
            expected[((i * 3 + j) * 4 + r) * 5 + c] = sum;
          }
    const actual = tf.tidy(() => tf.matMul(tf.tensor4d(a, [2, 1, 4, 6]), tf.tensor3d(b, [3, 6, 5])));
    expect(actual.shape).toEqual([2, 3, 4, 5]);
    expect(maxError(actual.dataSync(), expected)).toBeLessThan(1e-5);
    actual.dispose();
  });

  it('computes matMul gradients like cpu (all transposes) and leaks no tensors', async () => {
    const aValues = randomArray(5 * 7 * 3, 5);
    const bValues = randomArray(5 * 3 * 4, 6);
    const compute = () =>
      tf.tidy(() => {
        const a = tf.tensor3d(aValues, [5, 7, 3]);
        const b = tf.tensor3d(bValues, [5, 3, 4]);
        const [da, db] = tf.grads((x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(tf.matMul(x, y))))([a, b]);
        return tf.concat([da!.flatten(), db!.flatten()]);
      });
    const expected = await onBackend('cpu', compute);
    const before = tf.memory().numTensors;
    const actual = compute();
    expect(maxError(actual.dataSync(), expected.values)).toBeLessThan(1e-5);
    actual.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it('returns zeros for an empty inner dimension and empty outputs for empty outer ones', () => {
    const zeros = tf.matMul(tf.zeros([3, 0]), tf.zeros([0, 4]));
    const empty = tf.matMul(tf.zeros([0, 5]), tf.zeros([5, 2]));
    expect([zeros.shape, Array.from(zeros.dataSync())]).toEqual([[3, 4], Array(12).fill(0)]);
    expect(empty.shape).toEqual([0, 2]);
    tf.dispose([zeros, empty]);
  });

  it('keeps tensor and wasm data-id counts constant', () => {
    const a = tf.randomNormal([8, 6, 5]);
    const b = tf.randomNormal([8, 6, 5]);
    const before = [tf.memory().numTensors, tf.engine().backend.numDataIds()];
    for (let i = 0; i < 3; i++) tf.matMul(a, b, false, true).dispose();
    expect([tf.memory().numTensors, tf.engine().backend.numDataIds()]).toEqual(before);
    tf.dispose([a, b]);
  });
});
