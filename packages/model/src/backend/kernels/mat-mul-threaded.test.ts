import * as tf from '@tensorflow/tfjs';
import { beforeAll, describe, expect, it } from 'vitest';
import { waitForWasmThreads } from '../wasm-threads.js';
import { maxError, onBackend, randomArray } from './test-utils.js';

/** Products big enough (≥ 4 MFLOP) to be split between the calling thread and the helper threads. */
const CASES = [
  { a: [301, 203], b: [203, 97], tA: false, tB: false }, //  row chunks
  { a: [203, 61], b: [203, 307], tA: true, tB: false }, //   column chunks, a transposed
  { a: [130, 200], b: [150, 200], tA: false, tB: true }, //  b transposed
  { a: [200, 130], b: [150, 200], tA: true, tB: true },
  { a: [3, 100, 64], b: [64, 150], tA: false, tB: false }, // b broadcast: one tall product
  { a: [12, 50, 64], b: [12, 50, 64], tA: false, tB: true }, // batch chunks (attention scores)
  { a: [12, 50, 50], b: [12, 50, 64], tA: true, tB: false },
] as const;

describe('BatchMatMul split across helper threads', () => {
  beforeAll(async () => {
    await waitForWasmThreads();
  });

  for (const { a, b, tA, tB } of CASES) {
    it(`[${a}]·[${b}] transposeA=${tA} transposeB=${tB} matches cpu`, async () => {
      const aValues = randomArray(
        a.reduce((x, y) => x * y, 1),
        21,
      );
      const bValues = randomArray(
        b.reduce((x, y) => x * y, 1),
        22,
      );
      const compute = () => tf.tidy(() => tf.matMul(tf.tensor(aValues, [...a]), tf.tensor(bValues, [...b]), tA, tB));
      const expected = await onBackend('cpu', compute);
      const before = tf.memory().numTensors;
      const actual = compute();
      expect(actual.shape).toEqual(expected.shape);
      expect(maxError(actual.dataSync(), expected.values)).toBeLessThan(1e-5);
      actual.dispose();
      expect(tf.memory().numTensors).toBe(before);
    });
  }

  it('gives identical results on repeated runs (chunk ownership does not change the sums)', () => {
    const a = tf.tensor2d(randomArray(256 * 300, 23), [256, 300]);
    const b = tf.tensor2d(randomArray(300 * 256, 24), [300, 256]);
    const first = tf.matMul(a, b);
    for (let i = 0; i < 5; i++) {
      const again = tf.matMul(a, b);
      expect(maxError(again.dataSync(), first.dataSync())).toBe(0);
      again.dispose();
    }
    tf.dispose([a, b, first]);
  });
});
