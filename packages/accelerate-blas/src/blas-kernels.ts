import type * as tf from '@tensorflow/tfjs';
import { matMulGeometry } from './mat-mul-geometry.js';
import type { BlasAddon } from './native-addon.js';
import { asWasmBackend, heapBuffer, heapOffset, sizeOf } from './wasm-heap.js';

/** Activation codes of the addon's epilogue (bert-blas.cc `Activation`). */
const ACTIVATIONS: Readonly<Record<string, number>> = {
  linear: 0,
  relu: 1,
  relu6: 2,
  sigmoid: 3,
  elu: 4,
  leakyrelu: 5,
};

type MatMulInputs = {
  a: tf.TensorInfo;
  b: tf.TensorInfo;
  bias?: tf.TensorInfo;
  preluActivationWeights?: tf.TensorInfo;
};
type MatMulAttrs = { transposeA: boolean; transposeB: boolean; activation?: string; leakyreluAlpha?: number };

/**
 * `BatchMatMul` and `_FusedMatMul` for the wasm backend on OpenBLAS: one native call per op (a loop of sgemm over
 * the batch, or one tall sgemm when b is shared), operands read and the output written in the wasm heap in place.
 * What the addon cannot do (non-float32, prelu, a bias that is not one value per column, a shared heap) goes to
 * `fallback`, the kernel that was registered before.
 */
export function makeBlasKernel(
  addon: BlasAddon,
  kernelName: string,
  fallback: () => tf.KernelFunc | undefined,
): tf.KernelFunc {
  return (call) => {
    const { inputs, backend, attrs } = call;
    const { a, b, bias, preluActivationWeights } = inputs as MatMulInputs;
    const { transposeA, transposeB, activation = 'linear', leakyreluAlpha = 0.2 } = attrs as unknown as MatMulAttrs;
    const code = ACTIVATIONS[activation];
    const geometry = matMulGeometry(a.shape, b.shape, transposeA, transposeB);
    const supported =
      a.dtype === 'float32' &&
      b.dtype === 'float32' &&
      code != null &&
      preluActivationWeights == null &&
      (bias == null || (bias.dtype === 'float32' && isColumnBias(bias.shape, geometry.n)));
    const wasm = asWasmBackend(backend);
    if (!supported || heapBuffer(wasm) == null) {
      const previous = fallback();
      if (previous == null) throw new Error(`${kernelName}: no wasm kernel for this case and no fallback registered`);
      return previous(call);
    }
    const out = wasm.makeOutput(geometry.outShape, 'float32');
    if (sizeOf(geometry.outShape) === 0) return out;
    const { m, n, k, batch, aStride, bStride, aIndex, bIndex } = geometry;
    // After makeOutput, which may have grown the heap and detached the previous buffer.
    const heap = heapBuffer(wasm)!;
    addon.gemm(
      heap,
      transposeA,
      transposeB,
      m,
      n,
      k,
      batch,
      heapOffset(wasm, a),
      aStride,
      heapOffset(wasm, b),
      bStride,
      heapOffset(wasm, out),
      bias == null ? -1 : heapOffset(wasm, bias),
      code,
      leakyreluAlpha,
      aIndex,
      bIndex,
    );
    return out;
  };
}

/** A bias of one value per output column: shape [n], [1, n], [1, 1, n], … */
function isColumnBias(shape: readonly number[], n: number): boolean {
  return shape.length >= 1 && shape[shape.length - 1] === n && sizeOf(shape) === n;
}
