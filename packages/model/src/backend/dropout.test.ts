import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { fastDropout as dropout } from './dropout.js';

describe('dropout (wasm kernel)', () => {
  it('keeps ≈ 1 − rate of the entries, scaled by 1 / (1 − rate), reproducibly per seed', () => {
    const x = tf.ones([1001, 101]); // odd size: the scalar tail too
    for (const rate of [0.1, 0.5]) {
      const y = dropout(x, rate, 7);
      const values = y.dataSync();
      const kept = values.filter((v) => v !== 0);
      expect(Math.abs(kept.length / values.length - (1 - rate))).toBeLessThan(0.005);
      expect(new Set(kept)).toEqual(new Set([Math.fround(1 / (1 - rate))]));
      const again = dropout(x, rate, 7);
      const other = dropout(x, rate, 8);
      expect(Array.from(again.dataSync())).toEqual(Array.from(values));
      expect(Array.from(other.dataSync())).not.toEqual(Array.from(values));
      tf.dispose([y, again, other]);
    }
    x.dispose();
  });

  it('draws independent-looking masks: neighbours and rows are uncorrelated', () => {
    const y = dropout(tf.ones([256, 256]), 0.5, 3);
    const values = y.dataSync();
    let agree = 0;
    for (let i = 1; i < values.length; i++) if ((values[i] === 0) === (values[i - 1] === 0)) agree++;
    expect(Math.abs(agree / (values.length - 1) - 0.5)).toBeLessThan(0.01);
    y.dispose();
  });

  it('passes the gradient through the same mask, without leaks', () => {
    const x = tf.randomNormal([33, 17]);
    const before = tf.memory().numTensors;
    const [y, gradient] = tf.tidy(() => {
      const out = dropout(x, 0.3, 11);
      const dx = tf.grad((input: tf.Tensor) => tf.sum(dropout(input, 0.3, 11)))(x);
      return [out, dx];
    });
    const ys = y!.dataSync();
    const grads = gradient!.dataSync();
    const xs = x.dataSync();
    for (let i = 0; i < xs.length; i++) {
      expect(grads[i]).toBeCloseTo(ys[i] === 0 ? 0 : 1 / 0.7, 5);
      if (ys[i] !== 0) expect(ys[i]).toBeCloseTo(xs[i]! / 0.7, 5);
    }
    tf.dispose([y!, gradient!]);
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });

  it('is the identity (a clone) at rate 0 and rejects rates outside [0, 1)', () => {
    const x = tf.tensor1d([1, 2]);
    const y = dropout(x, 0);
    expect(Array.from(y.dataSync())).toEqual([1, 2]);
    expect(() => dropout(x, 1)).toThrow(/must be in \[0, 1\)/);
    tf.dispose([x, y]);
  });
});
