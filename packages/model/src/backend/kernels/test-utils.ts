import * as tf from '@tensorflow/tfjs';
import { expect } from 'vitest';

/** Deterministic pseudo-random floats in [-1, 1) (xorshift), so failures reproduce. */
export function randomArray(size: number, seed: number): Float32Array {
  let state = seed * 2654435761 + 1;
  const values = new Float32Array(size);
  for (let i = 0; i < size; i++) {
    state ^= state << 13;
    state ^= state >>> 17;
    state ^= state << 5;
    values[i] = ((state >>> 0) / 4294967296) * 2 - 1;
  }
  return values;
}

export function randomTensor(shape: number[], seed: number): tf.Tensor {
  return tf.tensor(
    randomArray(
      shape.reduce((a, b) => a * b, 1),
      seed,
    ),
    shape,
  );
}

/**
 * Runs `compute` on another backend (e.g. the pure-JS reference 'cpu') and returns its result as plain data;
 * the previous backend is restored afterwards.
 */
export async function onBackend(
  name: string,
  compute: () => tf.Tensor,
): Promise<{ shape: number[]; values: Float32Array }> {
  const previous = tf.getBackend();
  await tf.setBackend(name);
  try {
    const result = compute();
    const values = Float32Array.from(result.dataSync());
    const shape = result.shape;
    result.dispose();
    return { shape, values };
  } finally {
    await tf.setBackend(previous);
  }
}

/** max |a − b| / max(1, |b|): absolute for well-scaled values, relative for large ones. */
export function maxError(actual: ArrayLike<number>, expected: ArrayLike<number>): number {
  expect(actual.length).toBe(expected.length);
  let worst = 0;
  for (let i = 0; i < actual.length; i++) {
    const want = expected[i] ?? 0;
    const error = Math.abs((actual[i] ?? 0) - want) / Math.max(1, Math.abs(want));
    if (!(error <= worst)) worst = error; // NaN propagates as a failure
  }
  return worst;
}
