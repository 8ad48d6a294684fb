import type * as tf from '@tensorflow/tfjs';
import { gemmMatMul } from './mat-mul.js';
import { wasmInternals } from './wasm-internals.js';

/**
 * `BatchMatMul` for wasm: every transpose combination and batch layout on the fast path (stock 4.22 runs all but
 * the plain unbatched product through a naive loop; matmul gradients always transpose one operand).
 */
export const batchMatMul: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { a, b } = inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
  const { transposeA, transposeB } = attrs as unknown as { transposeA: boolean; transposeB: boolean };
  if (a.dtype !== 'float32' || b.dtype !== 'float32') {
    throw new Error(`BatchMatMul for non-float32 tensors is not supported (got ${a.dtype}, ${b.dtype})`);
  }
  return gemmMatMul(wasmInternals(backend), a, b, transposeA, transposeB);
};
