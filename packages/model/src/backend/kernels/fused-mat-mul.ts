import * as tf from '@tensorflow/tfjs';
import { gemmMatMul } from './mat-mul.js';
import { heapOffset, type WasmBackend, wasmInternals } from './wasm-internals.js';

/** Activations that are a clamp of the biased product, applied in the GEMM's epilogue pass. */
const CLAMPS: Readonly<Record<string, readonly [number, number]>> = {
  linear: [Number.NEGATIVE_INFINITY, Number.POSITIVE_INFINITY],
  relu: [0, Number.POSITIVE_INFINITY],
  relu6: [0, 6],
};

type FusedInputs = { a: tf.TensorInfo; b: tf.TensorInfo; bias?: tf.TensorInfo; preluActivationWeights?: tf.TensorInfo };
type FusedAttrs = { transposeA: boolean; transposeB: boolean; activation: string; leakyreluAlpha?: number };

/**
 * `_FusedMatMul` (matmul + bias + activation, what tfjs-layers' Dense calls) for wasm. The stock kernel shares
 * BatchMatMul's C++ entry point and so its naive loop for transposes and batches. Linear/relu/relu6 with a rank-1
 * bias run as our GEMM plus one bias-and-clamp pass; other epilogues (broadcast bias, prelu, leakyrelu,
 * sigmoid, elu) run as the registered wasm kernels after the fast product.
 */
export const fusedMatMul: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = wasmInternals(backend);
  const { a, b, bias, preluActivationWeights } = inputs as FusedInputs;
  const { transposeA, transposeB, activation, leakyreluAlpha } = attrs as unknown as FusedAttrs;
  if (a.dtype !== 'float32' || b.dtype !== 'float32') {
    throw new Error(`_FusedMatMul for non-float32 tensors is not supported (got ${a.dtype}, ${b.dtype})`);
  }
  const clamp = CLAMPS[activation];
  if (clamp != null && (bias == null || bias.shape.length === 1)) {
    const biasOffset = bias == null ? 0 : heapOffset(wasm, bias);
    return gemmMatMul(wasm, a, b, transposeA, transposeB, { bias: biasOffset, min: clamp[0], max: clamp[1] });
  }
  let result = gemmMatMul(wasm, a, b, transposeA, transposeB);
  if (bias != null) result = replace(wasm, result, run(wasm, tf.Add, { a: result, b: bias }));
  if (activation !== 'linear') {
    result = replace(wasm, result, applyActivation(wasm, result, activation, preluActivationWeights, leakyreluAlpha));
  }
  return result;
};

function applyActivation(
  wasm: WasmBackend,
  x: tf.TensorInfo,
  activation: string,
  preluWeights: tf.TensorInfo | undefined,
  leakyreluAlpha: number | undefined,
): tf.TensorInfo {
  switch (activation) {
    case 'relu':
      return run(wasm, tf.Relu, { x });
    case 'relu6':
      return run(wasm, tf.Relu6, { x });
    case 'sigmoid':
      return run(wasm, tf.Sigmoid, { x });
    case 'elu':
      return run(wasm, tf.Elu, { x });
    case 'leakyrelu':
      return run(wasm, tf.LeakyRelu, { x }, { alpha: leakyreluAlpha ?? 0.2 });
    case 'prelu':
      if (preluWeights == null) throw new Error('_FusedMatMul: prelu needs preluActivationWeights');
      return run(wasm, tf.Prelu, { x, alpha: preluWeights });
    default:
      throw new Error(`_FusedMatMul: activation '${activation}' is not supported on wasm`);
  }
}

function run(wasm: WasmBackend, kernelName: string, inputs: Record<string, tf.TensorInfo>, attrs = {}): tf.TensorInfo {
  const kernel = tf.getKernel(kernelName, 'wasm');
  if (kernel == null) throw new Error(`wasm kernel ${kernelName} is not registered`);
  return kernel.kernelFunc({ inputs, backend: wasm as unknown as tf.KernelBackend, attrs }) as tf.TensorInfo;
}

/** Disposes an intermediate once its successor exists. */
function replace(wasm: WasmBackend, previous: tf.TensorInfo, next: tf.TensorInfo): tf.TensorInfo {
  wasm.disposeData(previous.dataId);
  return next;
}
