import type * as tf from '@tensorflow/tfjs';
import { matMulGeometry } from './mat-mul-shapes.js';
import { heapOffset, sizeOf, type WasmBackend } from './wasm-internals.js';
import { bertKernels } from './wasm/bert-kernels.js';

/** Bias and clamp applied to the product in one pass (a ReLU is a clamp at 0, ReLU6 at [0, 6]). */
export interface Epilogue {
  /** Byte offset of a rank-1 bias [n] in the heap, or 0 for none. */
  readonly bias: number;
  readonly min: number;
  readonly max: number;
}

const NO_EPILOGUE: Epilogue = { bias: 0, min: Number.NEGATIVE_INFINITY, max: Number.POSITIVE_INFINITY };

/**
 * `a · b` with optional transposes and broadcast batch dims, on our blocked wasm-SIMD GEMM (wasm/gemm.c).
 * Transposes are free (packing reads through strides), and a batch that `b` broadcasts over is one tall product
 * (Dense layers on [B, T, H]); other batches loop in JS at ~1 µs per call. Compare stock 4.22: XNNPACK only for
 * the unbatched untransposed case, a naive loop (0.3–2 GFLOP/s) for everything else.
 */
export function gemmMatMul(
  backend: WasmBackend,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
  epilogue: Epilogue = NO_EPILOGUE,
): tf.TensorInfo {
  const { m, k, n, batch, batchA, batchB, aIndex, bIndex, outShape } = matMulGeometry(a.shape, b.shape, transposeA, transposeB);
  const out = backend.makeOutput([...outShape], 'float32');
  if (sizeOf(outShape) === 0) return out;
  const { exports, packA, packB } = bertKernels(backend);
  const aBase = heapOffset(backend, a);
  const bBase = heapOffset(backend, b);
  const outBase = heapOffset(backend, out);
  // Element (i, p) of a is at i·aRow + p·aCol (in floats); likewise for b.
  const [aRow, aCol] = transposeA ? [1, m] : [k, 1];
  const [bRow, bCol] = transposeB ? [1, k] : [n, 1];
  if (batchB === 1 && batchA === batch && !transposeA) {
    exports.gemm(batch * m, n, k, aBase, aRow, aCol, bBase, bRow, bCol, outBase, n, packA, packB);
  } else {
    for (let index = 0; index < batch; index++) {
      const aAt = aBase + aIndex[index]! * m * k * 4;
      const bAt = bBase + bIndex[index]! * k * n * 4;
      exports.gemm(m, n, k, aAt, aRow, aCol, bAt, bRow, bCol, outBase + index * m * n * 4, n, packA, packB);
    }
  }
  if (epilogue.bias !== 0 || epilogue.min > Number.NEGATIVE_INFINITY || epilogue.max < Number.POSITIVE_INFINITY) {
    exports.bias_clamp(outBase, batch * m, n, n, epilogue.bias, epilogue.min, epilogue.max);
  }
  return out;
}
