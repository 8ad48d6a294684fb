import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { cosineEmbeddingLoss } from './cosine-embedding-loss.js';
import { chunk, numericGradient, values } from './reference.test-helpers.js';

const D = 4;
const N = 3;
const a = values(N * D, 11);
const b = values(N * D, 12);

/** PyTorch's formula in float64: mean over rows of 1 − cos (target 1) or max(0, cos − margin) (target −1). */
function reference(
  x1: readonly number[],
  x2: readonly number[],
  target = [1, 1, 1],
  margin = 0,
  mask = [1, 1, 1],
): number {
  let total = 0;
  chunk(x1, D).forEach((row, i) => {
    const other = chunk(x2, D)[i]!;
    const dot = row.reduce((sum, v, d) => sum + v * other[d]!, 0);
    const norms = (row.reduce((s, v) => s + v * v, 0) + 1e-12) * (other.reduce((s, v) => s + v * v, 0) + 1e-12);
    const cos = dot / Math.sqrt(norms);
    total += mask[i]! * (target[i] === 1 ? 1 - cos : Math.max(0, cos - margin));
  });
  return (
    total /
    Math.max(
      1,
      mask.reduce((x, y) => x + y, 0),
    )
  );
}

describe('cosineEmbeddingLoss', () => {
  it.each([
    ['all targets +1 (hidden-state distillation)', [1, 1, 1], 0, [1, 1, 1]],
    ['mixed targets with margin', [1, -1, -1], -0.5, [1, 1, 1]],
    ['masked rows', [1, 1, 1], 0, [1, 0, 1]],
  ] as const)('%s: value and gradient equal the float64 reference', async (_name, target, margin, mask) => {
    const x1 = tf.tensor2d(chunk(a, D));
    const x2 = tf.tensor2d(chunk(b, D));
    const targetTensor = tf.tensor1d([...target]);
    const maskTensor = tf.tensor1d([...mask]);
    const before = tf.memory().numTensors;
    const options = { target: targetTensor, margin, mask: maskTensor };
    const { value, grad } = tf.valueAndGrad((x: tf.Tensor) => cosineEmbeddingLoss(x, x2, options) as tf.Scalar)(x1);
    const f = (x: number[]) => reference(x, b, [...target], margin, [...mask]);
    expect((await value.data())[0]).toBeCloseTo(f(a), 6);
    const expectedGradient = numericGradient(f, a);
    Array.from(await grad.data()).forEach((g, i) => {
      expect(g).toBeCloseTo(expectedGradient[i]!, 5);
    });
    tf.dispose([value, grad]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([x1, x2, targetTensor, maskTensor]);
  });

  it('is 0 for identical vectors and 2 for opposite ones; [B, T, D] inputs', async () => {
    const x = tf.tensor3d([
      [
        [1, 2],
        [3, -1],
      ],
    ]);
    const same = cosineEmbeddingLoss(x, x);
    const opposite = cosineEmbeddingLoss(x, tf.neg(x), { reduction: 'none' });
    expect((await same.data())[0]).toBeCloseTo(0, 6);
    expect(opposite.shape).toEqual([1, 2]);
    Array.from(await opposite.data()).forEach((v) => {
      expect(v).toBeCloseTo(2, 6);
    });
    tf.dispose([x, same, opposite]);
  });

  it('checks that both inputs have the same shape', () => {
    const x = tf.zeros([2, 3]);
    const y = tf.zeros([2, 4]);
    expect(() => cosineEmbeddingLoss(x, y)).toThrow('x2: expected shape [2,3], got [2,4]');
    tf.dispose([x, y]);
  });
});
