import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { restoreStockWasmKernels, registerWasmKernelFixes } from './register-wasm-kernels.js';
import { onBackend } from './test-utils.js';

/** Deterministic indices in [-2, depth + 1]: some out of range on both sides, as -100 padding labels are. */
function randomIndices(count: number, depth: number, seed: number): Int32Array {
  let state = seed * 2654435761 + 1;
  return Int32Array.from({ length: count }, () => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state % (depth + 4)) - 2;
  });
}

/** Runs `tf.oneHot` on wasm (fixed kernel) and on cpu (reference) and expects the same dtype, shape and values. */
async function expectSameAsCpu(
  shape: number[],
  depth: number,
  on: number,
  off: number,
  dtype: 'float32' | 'int32',
  seed: number,
): Promise<void> {
  const ids = randomIndices(
    shape.reduce((a, b) => a * b, 1),
    depth,
    seed,
  );
  const run = () => tf.oneHot(tf.tensor(ids, shape, 'int32'), depth, on, off, dtype);
  const expected = await onBackend('cpu', () => tf.tidy(run));
  const actual = tf.tidy(run);
  expect(actual.dtype).toBe(dtype);
  expect(actual.shape).toEqual(expected.shape);
  // Bit-exact: the cpu backend stores on/off as float32 too.
  expect(Array.from(actual.dataSync())).toEqual(Array.from(expected.values));
  actual.dispose();
}

describe('OneHot (wasm fix)', () => {
  it.each([
    [[7], 5, 1, 0, 'int32'], //                    tf.oneHot defaults
    [[3, 4], 30, 1, 0, 'float32'],
    [[6, 5], 30, 0.9, 0.05, 'float32'], //         label smoothing as the trainer's 'kl' loss builds it
    [[2, 3, 5], 11, -1.5, 0.25, 'float32'],
    [[16, 20], 8000, 0.9 + 0.1 / 8000, 0.1 / 8000, 'float32'], // mini config: B·P rows over V = 8000
    [[9], 4, 3, -2, 'int32'],
    [[1], 2, 1, 0, 'float32'],
  ] as const)(
    '[%j] depth %i, on %d, off %d, %s matches cpu on random indices',
    async (shape, depth, on, off, dtype) => {
      await expectSameAsCpu([...shape], depth, on, off, dtype, depth);
    },
  );

  it('fixes what stock wasm gets wrong: float on/off values and float32 output', () => {
    const ids = tf.tensor1d([2, 0, -100], 'int32');
    restoreStockWasmKernels();
    try {
      const stock = tf.oneHot(ids, 3, 0.9, 0.05, 'float32');
      // The bug this kernel exists for (if tfjs ever fixes it, this expectation fails and the fix can go).
      expect(Array.from(stock.dataSync())).toEqual(new Array(9).fill(0));
      stock.dispose();
    } finally {
      registerWasmKernelFixes();
    }
    const fixed = tf.oneHot(ids, 3, 0.9, 0.05, 'float32');
    const [on, off] = [Math.fround(0.9), Math.fround(0.05)];
    expect(Array.from(fixed.dataSync())).toEqual([off, off, on, on, off, off, off, off, off]);
    tf.dispose([ids, fixed]);
  });

  it('leaks no tensors', () => {
    const ids = tf.tensor2d([1, 2, 3, 0], [2, 2], 'int32');
    const before = tf.memory().numTensors;
    tf.oneHot(ids, 4, 0.8, 0.1, 'float32').dispose();
    expect(tf.memory().numTensors).toBe(before);
    ids.dispose();
  });
});
