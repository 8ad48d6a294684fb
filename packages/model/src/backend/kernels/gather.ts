import * as tf from '@tensorflow/tfjs';
import { callStock } from './stock-kernels.js';
import { heapOffset, heapView, sizeOf, wasmInternals } from './wasm-internals.js';

/**
 * `GatherV2` (embedding lookups, masked-position picks) as one memmove per index: params viewed as
 * [outer, axisSize, inner], each index copies `inner` contiguous elements. Stock wasm 4.22 took ~50 ms to gather
 * 2048 rows of 256 floats. batchDims > 0 and string tensors go to the stock kernel.
 */
export const gatherV2: tf.KernelFunc = (args) => {
  const { x, indices } = args.inputs as { x: tf.TensorInfo; indices: tf.TensorInfo };
  const { axis, batchDims } = args.attrs as unknown as { axis: number; batchDims: number };
  if (batchDims !== 0 || x.dtype === 'string' || indices.dtype !== 'int32') return callStock(tf.GatherV2, args);
  const wasm = wasmInternals(args.backend);
  const [parsedAxis] = tf.util.parseAxisParam(axis, x.shape);
  const axisIndex = parsedAxis!;
  const outer = sizeOf(x.shape.slice(0, axisIndex));
  const axisSize = x.shape[axisIndex]!;
  const inner = sizeOf(x.shape.slice(axisIndex + 1));
  const count = sizeOf(indices.shape);
  const outShape = [...x.shape.slice(0, axisIndex), ...indices.shape, ...x.shape.slice(axisIndex + 1)];
  const out = wasm.makeOutput(outShape, x.dtype);
  const bytesPerElement = x.dtype === 'bool' ? 1 : 4;
  const rowBytes = inner * bytesPerElement;
  const ids = heapView(wasm, indices) as Int32Array;
  const heap = wasm.wasm.HEAPU8; // after makeOutput: it may have grown the heap
  const source = heapOffset(wasm, x);
  const target = heapOffset(wasm, out);
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < count; i++) {
      const index = ids[i]!;
      if (index < 0 || index >= axisSize) {
        wasm.disposeData(out.dataId);
        throw new Error(`GatherV2: the index value ${index} is not in [0, ${axisSize - 1}]`);
      }
      const from = source + (o * axisSize + index) * rowBytes;
      heap.copyWithin(target + (o * count + i) * rowBytes, from, from + rowBytes);
    }
  }
  return out;
};
