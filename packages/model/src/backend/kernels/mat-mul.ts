import type * as tf from '@tensorflow/tfjs';
import { type MatMulGeometry, matMulGeometry } from './mat-mul-shapes.js';
import { heapOffset, sizeOf, type WasmBackend } from './wasm-internals.js';
import { type BertKernels, bertKernels } from './wasm/bert-kernels.js';
import { threadedGemm } from './mat-mul-threaded.js';

/** Bias and clamp applied to the product in one pass (a ReLU is a clamp at 0, ReLU6 at [0, 6]). */
export interface Epilogue {
  /** Byte offset of a rank-1 bias [n] in the heap, or 0 for none. */
  readonly bias: number;
  readonly min: number;
  readonly max: number;
}

const NO_EPILOGUE: Epilogue = { bias: 0, min: Number.NEGATIVE_INFINITY, max: Number.POSITIVE_INFINITY };

/** One product (or a uniform batch of them) with operands already in the tfjs heap; strides in floats. */
export interface GemmCall {
  readonly batch: number;
  readonly m: number;
  readonly n: number;
  readonly k: number;
  readonly a: number;
  readonly aRow: number;
  readonly aCol: number;
  readonly aBatch: number;
  readonly b: number;
  readonly bRow: number;
  readonly bCol: number;
  readonly bBatch: number;
  readonly c: number;
}

/**
 * `a · b` with optional transposes and broadcast batch dims, on our blocked wasm-SIMD GEMM (wasm/gemm.c).
 * Transposes are free (packing reads through strides), a batch that `b` broadcasts over is one tall product
 * (Dense layers on [B, T, H]), and big products are shared with helper threads. Compare stock 4.22: XNNPACK only
 * for the unbatched untransposed case, a naive loop (0.3–2 GFLOP/s) for everything else.
 */
export function gemmMatMul(
  backend: WasmBackend,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
  epilogue: Epilogue = NO_EPILOGUE,
): tf.TensorInfo {
  const geometry = matMulGeometry(a.shape, b.shape, transposeA, transposeB);
  const out = backend.makeOutput([...geometry.outShape], 'float32');
  if (sizeOf(geometry.outShape) === 0) return out;
  const kernels = bertKernels(backend);
  const aBase = heapOffset(backend, a);
  const bBase = heapOffset(backend, b);
  const outBase = heapOffset(backend, out);
  const { m, k, n, batch } = geometry;
  // Element (i, p) of a is at i·aRow + p·aCol (in floats); likewise for b.
  const [aRow, aCol] = transposeA ? [1, m] : [k, 1];
  const [bRow, bCol] = transposeB ? [1, k] : [n, 1];
  const uniform = uniformCall(geometry, transposeA, { aRow, aCol, bRow, bCol, a: aBase, b: bBase, c: outBase });
  if (uniform == null || !threadedGemm(backend, kernels, uniform, sizeOf(a.shape), sizeOf(b.shape))) {
    serialGemm(kernels, geometry, { aRow, aCol, bRow, bCol, a: aBase, b: bBase, c: outBase });
  }
  if (epilogue.bias !== 0 || epilogue.min > Number.NEGATIVE_INFINITY || epilogue.max < Number.POSITIVE_INFINITY) {
    kernels.exports.bias_clamp(outBase, batch * m, n, n, epilogue.bias, epilogue.min, epilogue.max);
  }
  return out;
}

interface Layout {
  readonly a: number;
  readonly b: number;
  readonly c: number;
  readonly aRow: number;
  readonly aCol: number;
  readonly bRow: number;
  readonly bCol: number;
}

/** The product as one tall 2-D GEMM or a uniform batch (no broadcasting), or null if neither. */
function uniformCall(geometry: MatMulGeometry, transposeA: boolean, layout: Layout): GemmCall | null {
  const { m, k, n, batch, batchA, batchB } = geometry;
  if (batchB === 1 && batchA === batch && !transposeA) {
    return { ...layout, batch: 1, m: batch * m, n, k, aBatch: 0, bBatch: 0 };
  }
  if (batchA === batch && batchB === batch) return { ...layout, batch, m, n, k, aBatch: m * k, bBatch: k * n };
  return null;
}

function serialGemm({ exports, packA, packB }: BertKernels, geometry: MatMulGeometry, layout: Layout): void {
  const { m, k, n, batch, batchA, batchB, aIndex, bIndex } = geometry;
  const { a, b, c, aRow, aCol, bRow, bCol } = layout;
  if (batchB === 1 && batchA === batch && aCol === 1) {
    exports.gemm(batch * m, n, k, a, aRow, aCol, b, bRow, bCol, c, n, packA, packB);
    return;
  }
  for (let index = 0; index < batch; index++) {
    const aAt = a + aIndex[index]! * m * k * 4;
    const bAt = b + bIndex[index]! * k * n * 4;
    exports.gemm(m, n, k, aAt, aRow, aCol, bAt, bRow, bCol, c + index * m * n * 4, n, packA, packB);
  }
}
