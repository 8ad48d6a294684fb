import * as tf from '@tensorflow/tfjs';
import { planBroadcast } from './broadcast-plan.js';
import { callStock } from './stock-kernels.js';
import { heapOffset, sizeOf, wasmInternals } from './wasm-internals.js';
import { bertKernels } from './wasm/bert-kernels.js';

/** Op codes of compare.c. */
const OPS: Readonly<Record<string, number>> = {
  [tf.Equal]: 0,
  [tf.NotEqual]: 1,
  [tf.Less]: 2,
  [tf.LessEqual]: 3,
  [tf.Greater]: 4,
  [tf.GreaterEqual]: 5,
};

export const COMPARE_KERNEL_NAMES = Object.keys(OPS);

/**
 * A float32 comparison with broadcasting on compare.c: stock wasm 4.22 computes broadcast coordinates per element
 * for comparisons (Equal of [320, 8000] with [320, 1], from logSumExp's gradient, took 67 ms; now ~1 ms).
 * Other dtypes and broadcasts that do not collapse to 3 dims go to the stock kernel. (Arithmetic ops stay stock:
 * their XNNPACK path measured 1.5–2× faster than a plain SIMD loop.)
 */
export function makeCompareKernel(kernelName: string): tf.KernelFunc {
  const op = OPS[kernelName];
  if (op == null) throw new Error(`no comparison op code for ${kernelName}`);
  return (args) => {
    const { a, b } = args.inputs as { a: tf.TensorInfo; b: tf.TensorInfo };
    if (a.dtype !== 'float32' || b.dtype !== 'float32') return callStock(kernelName, args);
    const plan = planBroadcast(a.shape, b.shape);
    if (plan == null) return callStock(kernelName, args);
    const wasm = wasmInternals(args.backend);
    const out = wasm.makeOutput(plan.outShape, 'bool');
    if (sizeOf(plan.outShape) === 0) return out;
    const { exports } = bertKernels(wasm);
    exports.compare_f32(op, heapOffset(wasm, out), heapOffset(wasm, a), heapOffset(wasm, b), ...plan.args);
    return out;
  };
}
