import * as tf from '@tensorflow/tfjs';
import { matMulGeometry } from './mat-mul-shapes.js';
import {
  aliasHeap,
  heapOffset,
  releaseAlias,
  sizeOf,
  tensorId,
  type WasmBackend,
  type WasmModule,
  wasmFunction,
} from './wasm-internals.js';

/** Activations XNNPACK applies inside the product (as a clamp); the values match tfjs-backend-wasm's enum. */
export const XNN_ACTIVATIONS: Readonly<Record<string, number>> = { linear: 0, relu: 1, relu6: 2 };

export interface XnnEpilogue {
  /** C++ tensor id of a rank-1 bias [n], or 0. */
  readonly biasId: number;
  /** One of XNN_ACTIVATIONS. */
  readonly activation: number;
}

const FUSED_MAT_MUL_ARGS = Array<string>(13).fill('number');
const shapeScratch = new WeakMap<WasmModule, number>();

/**
 * `a · b` (optionally transposed, batch dims broadcast) on the XNNPACK fast path of stock tfjs-backend-wasm.
 * Stock only takes that path for a single unbatched product without transposes, and otherwise runs a naive
 * triple loop at 0.3–1 GFLOP/s. Here transposes are materialized first (one wasm Transpose, O(size)), a batch
 * that `b` broadcasts over becomes one tall 2-D product, and other batches run one 2-D product per batch on
 * slices of the heap (C++ tensor ids aliased at offsets, no copies).
 */
export function xnnMatMul(
  backend: WasmBackend,
  a: tf.TensorInfo,
  b: tf.TensorInfo,
  transposeA: boolean,
  transposeB: boolean,
  epilogue: XnnEpilogue = { biasId: 0, activation: 0 },
): tf.TensorInfo {
  const geometry = matMulGeometry(a.shape, b.shape, transposeA, transposeB);
  const { m, k, n, batch, batchA, batchB, aIndex, bIndex } = geometry;
  const out = backend.makeOutput([...geometry.outShape], 'float32');
  if (sizeOf(geometry.outShape) === 0) return out;
  const left = transposeA ? swapLastTwo(backend, a) : a; // [..., m, k]
  const right = transposeB ? swapLastTwo(backend, b) : b; // [..., k, n]
  try {
    const fusedMatMul = wasmFunction(backend, '_FusedMatMul', FUSED_MAT_MUL_ARGS);
    const shapes = shapePointer(backend);
    const call = (aId: number, bId: number, outId: number, rows: number) => {
      writeShapes(backend, shapes, rows, k, n);
      fusedMatMul(aId, shapes, 3, bId, shapes + 12, 3, 0, 0, epilogue.activation, epilogue.biasId, 0, 0, outId);
    };
    if (batchB === 1 && batchA === batch) {
      // b is shared by every batch: one [batch·m, k] × [k, n] product, and b's real id keeps XNNPACK's packed weights cached.
      call(tensorId(backend, left), tensorId(backend, right), tensorId(backend, out), batch * m);
      return out;
    }
    const aBase = heapOffset(backend, left);
    const bBase = heapOffset(backend, right);
    const outBase = heapOffset(backend, out);
    for (let index = 0; index < batch; index++) {
      const aId = aliasHeap(backend, aBase + aIndex[index]! * m * k * 4, m * k);
      const bId = aliasHeap(backend, bBase + bIndex[index]! * k * n * 4, k * n);
      const outId = aliasHeap(backend, outBase + index * m * n * 4, m * n);
      call(aId, bId, outId, m);
      releaseAlias(backend, aId);
      releaseAlias(backend, bId); // also frees the XNNPACK operator packed for this slice
      releaseAlias(backend, outId);
    }
    return out;
  } finally {
    if (left !== a) backend.disposeData(left.dataId);
    if (right !== b) backend.disposeData(right.dataId);
  }
}

/** Materializes x with its last two axes swapped, using the registered wasm Transpose kernel. */
export function swapLastTwo(backend: WasmBackend, x: tf.TensorInfo): tf.TensorInfo {
  const rank = x.shape.length;
  const perm = [...Array(rank - 2).keys(), rank - 1, rank - 2];
  const kernel = tf.getKernel(tf.Transpose, 'wasm');
  if (kernel == null) throw new Error('wasm Transpose kernel is not registered');
  return kernel.kernelFunc({ inputs: { x }, backend: backend as unknown as tf.KernelBackend, attrs: { perm } }) as tf.TensorInfo;
}

/** 24 bytes in the heap for the two [1, rows, cols] shapes the C++ entry point reads; allocated once. */
function shapePointer(backend: WasmBackend): number {
  let pointer = shapeScratch.get(backend.wasm);
  if (pointer == null) {
    pointer = backend.wasm._malloc(24);
    shapeScratch.set(backend.wasm, pointer);
  }
  return pointer;
}

function writeShapes(backend: WasmBackend, pointer: number, m: number, k: number, n: number): void {
  backend.wasm.HEAP32.set([1, m, k, 1, k, n], pointer >> 2);
}
