import * as tf from '@tensorflow/tfjs';
import type { HiddenAct } from '../config.js';

const SQRT_HALF = Math.SQRT1_2;
const SQRT_TWO_OVER_PI = Math.sqrt(2 / Math.PI);

/** Exact GELU, HF `gelu`: x · Φ(x) = 0.5 x (1 + erf(x / √2)). */
export function gelu<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, SQRT_HALF)))) as T);
}

/** Tanh approximation, HF `gelu_new`: 0.5 x (1 + tanh(√(2/π) (x + 0.044715 x³))). */
export function geluNew<T extends tf.Tensor>(x: T): T {
  return tf.tidy(() => {
    const inner = tf.mul(tf.add(x, tf.mul(tf.pow(x, 3), 0.044715)), SQRT_TWO_OVER_PI);
    return tf.mul(tf.mul(x, 0.5), tf.add(1, tf.tanh(inner))) as T;
  });
}

/** The element-wise function HF's `ACT2FN[name]` names. */
export function activation(name: HiddenAct): <T extends tf.Tensor>(x: T) => T {
  switch (name) {
    case 'gelu':
      return gelu;
    case 'gelu_new':
      return geluNew;
    case 'relu':
      return <T extends tf.Tensor>(x: T) => tf.relu(x) as T;
  }
}
