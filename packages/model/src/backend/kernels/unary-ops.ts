import * as tf from '@tensorflow/tfjs';
import { callStock } from './stock-kernels.js';
import { heapOffset, sizeOf, wasmInternals } from './wasm-internals.js';
import { bertKernels } from './wasm/bert-kernels.js';

const OPS: Readonly<Record<string, number>> = { [tf.Exp]: 0, [tf.Erf]: 1, [tf.Sqrt]: 2, [tf.Square]: 3, [tf.Rsqrt]: 4 };

export const UNARY_KERNEL_NAMES = Object.keys(OPS);

/**
 * Exp, Erf (SIMD polynomials), Sqrt, Square and Rsqrt (exact SIMD) for float32 on unary.c; stock wasm 4.22 runs
 * scalar loops (exp 4–5× slower, sqrt 3–4× slower).
 */
export function makeUnaryKernel(kernelName: string): tf.KernelFunc {
  const op = OPS[kernelName]!;
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    if (x.dtype !== 'float32') return callStock(kernelName, args);
    const wasm = wasmInternals(args.backend);
    const out = wasm.makeOutput([...x.shape], 'float32');
    const { exports, scratch } = bertKernels(wasm);
    exports.unary_f32(op, heapOffset(wasm, out), heapOffset(wasm, x), sizeOf(x.shape), scratch);
    return out;
  };
}
