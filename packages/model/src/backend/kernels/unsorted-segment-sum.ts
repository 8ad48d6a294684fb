import type * as tf from '@tensorflow/tfjs';
import { heapOffset, heapView, sizeOf, wasmInternals } from './wasm-internals.js';
import { bertKernels } from './wasm/bert-kernels.js';

/**
 * `UnsortedSegmentSum` for wasm, which 4.22 lacks although it is the gradient of `tf.gather` (every embedding
 * lookup): without it training fails. One linear pass, out[segmentIds[i]] += x[i] (segment-sum.c for float32;
 * the cpu backend's kernel builds one mask per segment, quadratic in practice). Semantics follow TensorFlow:
 * segmentIds covers the first k dims of x, the output is [numSegments, ...x.shape.slice(k)], and rows whose id
 * is outside [0, numSegments) are dropped.
 */
export const unsortedSegmentSum: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const wasm = wasmInternals(backend);
  const { x, segmentIds } = inputs as { x: tf.TensorInfo; segmentIds: tf.TensorInfo };
  const { numSegments } = attrs as unknown as { numSegments: number };
  const rows = sizeOf(segmentIds.shape);
  const rowShape = x.shape.slice(segmentIds.shape.length);
  const rowSize = sizeOf(rowShape);
  if (sizeOf(x.shape) !== rows * rowSize || segmentIds.dtype !== 'int32') {
    throw new Error(`unsortedSegmentSum: int32 segmentIds [${segmentIds.shape}] must be a prefix of x [${x.shape}]`);
  }
  const out = wasm.makeOutput([numSegments, ...rowShape], x.dtype);
  if (x.dtype === 'float32') {
    const { exports } = bertKernels(wasm);
    exports.segment_sum_f32(
      heapOffset(wasm, out),
      heapOffset(wasm, x),
      heapOffset(wasm, segmentIds),
      rows,
      rowSize,
      numSegments,
    );
    return out;
  }
  // int32 (rare): the same loop in JS. Views only after the allocation above, which may grow the heap.
  const target = heapView(wasm, out) as Int32Array;
  const source = heapView(wasm, x) as Int32Array;
  const ids = heapView(wasm, segmentIds) as Int32Array;
  target.fill(0);
  for (let row = 0; row < rows; row++) {
    const segment = ids[row]!;
    if (segment < 0 || segment >= numSegments) continue;
    for (let k = 0; k < rowSize; k++) target[segment * rowSize + k]! += source[row * rowSize + k]!;
  }
  return out;
};
