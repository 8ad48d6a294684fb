import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { maxError, onBackend, randomArray } from './test-utils.js';

const ACTIVATIONS = ['linear', 'relu', 'relu6', 'elu', 'sigmoid', 'leakyrelu'] as const;

describe('_FusedMatMul (wasm fix)', () => {
  for (const activation of ACTIVATIONS) {
    for (const [transposeA, transposeB] of [
      [false, false],
      [true, false],
      [false, true],
      [true, true],
    ] as const) {
      it(`${activation}, transposeA=${transposeA} transposeB=${transposeB}, rank-1 bias, batch 3: matches cpu`, async () => {
        const [m, k, n] = [9, 13, 6];
        const a = randomArray(3 * m * k, 7);
        const b = randomArray(3 * k * n, 8);
        const bias = randomArray(n, 9);
        const compute = () =>
          tf.tidy(() =>
            tf.fused.matMul({
              a: tf.tensor3d(a, transposeA ? [3, k, m] : [3, m, k]),
              b: tf.tensor3d(b, transposeB ? [3, n, k] : [3, k, n]),
              transposeA,
              transposeB,
              bias: tf.tensor1d(bias),
              activation,
              leakyreluAlpha: 0.1,
            }),
          );
        const expected = await onBackend('cpu', compute);
        const actual = compute();
        expect(actual.shape).toEqual(expected.shape);
        expect(maxError(actual.dataSync(), expected.values)).toBeLessThan(1e-5);
        actual.dispose();
      });
    }
  }

  it('handles a broadcast (rank-2) bias and prelu weights like cpu', async () => {
    const a = randomArray(7 * 5, 10);
    const b = randomArray(5 * 4, 11);
    const compute = () =>
      tf.tidy(() =>
        tf.fused.matMul({
          a: tf.tensor2d(a, [7, 5]),
          b: tf.tensor2d(b, [5, 4]),
          bias: tf.tensor2d(randomArray(7 * 4, 12), [7, 4]),
          activation: 'prelu',
          preluActivationWeights: tf.tensor1d([0.1, 0.2, 0.3, 0.4]),
        }),
      );
    const expected = await onBackend('cpu', compute);
    const actual = compute();
    expect(maxError(actual.dataSync(), expected.values)).toBeLessThan(1e-5);
    actual.dispose();
  });

  it('trains a Dense-like layer like cpu (gradients of fused matMul) without leaks', async () => {
    const x = randomArray(6 * 10, 13);
    const w = randomArray(10 * 3, 14);
    const compute = () =>
      tf.tidy(() => {
        const [dw, db] = tf.grads((weight: tf.Tensor, bias: tf.Tensor) =>
          tf.sum(
            tf.square(
              tf.fused.matMul({ a: tf.tensor2d(x, [6, 10]), b: weight as tf.Tensor2D, bias, activation: 'relu' }),
            ),
          ),
        )([tf.tensor2d(w, [10, 3]), tf.tensor1d([0.1, -0.2, 0.3])]);
        return tf.concat([dw!.flatten(), db!]);
      });
    const expected = await onBackend('cpu', compute);
    const before = tf.memory().numTensors;
    const actual = compute();
    expect(maxError(actual.dataSync(), expected.values)).toBeLessThan(1e-5);
    actual.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });
});
