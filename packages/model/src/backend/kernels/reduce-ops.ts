import * as tf from '@tensorflow/tfjs';
import { callStock } from './stock-kernels.js';
import { heapOffset, sizeOf, wasmInternals } from './wasm-internals.js';
import { bertKernels } from './wasm/bert-kernels.js';

const OPS: Readonly<Record<string, number>> = { [tf.Sum]: 0, [tf.Mean]: 0, [tf.Max]: 1, [tf.Min]: 2 };

export const REDUCE_KERNEL_NAMES = Object.keys(OPS);

/** x viewed as [outer, r, inner] with the reduced axes in the middle, or null if they are not contiguous. */
export function planReduce(shape: readonly number[], axes: readonly number[]): [number, number, number] | null {
  const reduced = new Set(axes);
  let outer = 1;
  let r = 1;
  let inner = 1;
  let phase = 0; // 0: before the reduced block, 1: inside it, 2: after it
  for (let axis = 0; axis < shape.length; axis++) {
    const size = shape[axis]!;
    if (size === 1) continue; // size-1 axes fit anywhere
    const isReduced = reduced.has(axis);
    if (isReduced && phase === 2) return null;
    if (isReduced) phase = 1;
    else if (phase === 1) phase = 2;
    if (isReduced) r *= size;
    else if (phase === 0) outer *= size;
    else inner *= size;
  }
  return [outer, r, inner];
}

/**
 * Sum, Mean, Max and Min over any contiguous block of axes for float32, on reduce.c: stock wasm 4.22 first
 * transposes the reduced axes innermost (a full copy) and reduces with scalar loops; bias gradients (sum over
 * rows of [B·T, H]) took 5–7 ms each.
 */
export function makeReduceKernel(kernelName: string): tf.KernelFunc {
  const op = OPS[kernelName]!;
  return (args) => {
    const { x } = args.inputs as { x: tf.TensorInfo };
    // Max names its axes `reductionIndices`; Sum, Mean and Min call them `axis`.
    const attrs = args.attrs as unknown as {
      axis?: number | number[];
      reductionIndices?: number | number[];
      keepDims: boolean;
    };
    const { keepDims } = attrs;
    const axes = tf.util.parseAxisParam(kernelName === tf.Max ? attrs.reductionIndices! : attrs.axis!, x.shape);
    const plan = planReduce(x.shape, axes);
    if (x.dtype !== 'float32' || plan == null || plan[1] === 0 || sizeOf(x.shape) === 0) {
      return callStock(kernelName, args);
    }
    const [outer, r, inner] = plan;
    const outShape = keepDims
      ? x.shape.map((size, index) => (axes.includes(index) ? 1 : size))
      : x.shape.filter((_, index) => !axes.includes(index));
    const wasm = wasmInternals(args.backend);
    const out = wasm.makeOutput(outShape, 'float32');
    const scale = kernelName === tf.Mean ? 1 / r : 1;
    bertKernels(wasm).exports.reduce_f32(op, heapOffset(wasm, out), heapOffset(wasm, x), outer, r, inner, scale);
    return out;
  };
}
