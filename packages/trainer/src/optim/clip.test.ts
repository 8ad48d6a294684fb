import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { clipByGlobalNorm } from './clip.js';

async function values(map: Map<string, tf.Tensor>): Promise<Record<string, number[]>> {
  const out: Record<string, number[]> = {};
  for (const [name, tensor] of map) out[name] = Array.from(await tensor.data());
  return out;
}

describe('clipByGlobalNorm (PyTorch clip_grad_norm_)', () => {
  it('scales every gradient by maxNorm / (norm + 1e-6) above the threshold and returns the pre-clip norm', async () => {
    const gradients = new Map<string, tf.Tensor>([
      ['a', tf.tensor1d([3, 0])],
      ['b', tf.tensor2d([[0], [4]])],
    ]);
    const { gradients: clipped, norm } = clipByGlobalNorm(gradients, 1);
    expect(await norm.data()).toEqual(new Float32Array([5]));
    const factor = 1 / (5 + 1e-6);
    const result = await values(clipped);
    expect(result['a']![0]).toBeCloseTo(3 * factor, 6);
    expect(result['b']![1]).toBeCloseTo(4 * factor, 6);
    expect(clipped.get('b')!.shape).toEqual([2, 1]);
    // Direction kept, norm now 1.
    expect(Math.hypot(result['a']![0]!, result['b']![1]!)).toBeCloseTo(1, 5);
    tf.dispose([...gradients.values(), ...clipped.values(), norm]);
  });

  it('leaves small gradients unchanged and only measures with Infinity', async () => {
    const gradients = new Map([['w', tf.tensor1d([0.3, 0.4])]]);
    const small = clipByGlobalNorm(gradients, 1);
    expect(await values(small.gradients)).toEqual({ w: Array.from(new Float32Array([0.3, 0.4])) });
    const measured = clipByGlobalNorm(gradients, Number.POSITIVE_INFINITY);
    expect((await measured.norm.data())[0]).toBeCloseTo(0.5, 6);
    expect(await values(measured.gradients)).toEqual({ w: Array.from(new Float32Array([0.3, 0.4])) });
    tf.dispose([
      ...gradients.values(),
      ...small.gradients.values(),
      small.norm,
      ...measured.gradients.values(),
      measured.norm,
    ]);
  });

  it('rejects a non-positive threshold and does not leak', () => {
    const before = tf.memory().numTensors;
    const gradients = new Map([['w', tf.tensor1d([1, 2])]]);
    expect(() => clipByGlobalNorm(gradients, 0)).toThrow('maxNorm (0) must be positive');
    const { gradients: clipped, norm } = clipByGlobalNorm(gradients, 0.5);
    tf.dispose([...gradients.values(), ...clipped.values(), norm]);
    expect(tf.memory().numTensors).toBe(before);
  });
});
