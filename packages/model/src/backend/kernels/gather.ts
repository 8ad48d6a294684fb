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
  for (let i = 0; i < count; i++) {
    const index = ids[i]!;
    if (index < 0 || index >= axisSize) {
      wasm.disposeData(out.dataId);
      throw new Error(`GatherV2: the index value ${index} is not in [0, ${axisSize - 1}]`);
    }
  }
  // Views after makeOutput, which may have grown the heap. Short rows (e.g. picking single logits) copy element
  // by element; copyWithin's per-call cost dominates below ~16 elements.
  const source = heapOffset(wasm, x);
  const target = heapOffset(wasm, out);
  if (bytesPerElement === 4 && inner < 16) {
    const heap32 = wasm.wasm.HEAP32;
    for (let o = 0; o < outer; o++) {
      for (let i = 0; i < count; i++) {
        const from = (source >> 2) + (o * axisSize + ids[i]!) * inner;
        const to = (target >> 2) + (o * count + i) * inner;
        for (let e = 0; e < inner; e++) heap32[to + e] = heap32[from + e]!;
      }
    }
    return out;
  }
  const heap = wasm.wasm.HEAPU8;
  for (let o = 0; o < outer; o++) {
    for (let i = 0; i < count; i++) {
      const from = source + (o * axisSize + ids[i]!) * rowBytes;
      heap.copyWithin(target + (o * count + i) * rowBytes, from, from + rowBytes);
    }
  }
  return out;
};
