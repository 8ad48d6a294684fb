import * as tf from '@tensorflow/tfjs';
import { callStock } from './stock-kernels.js';
import { heapView, sizeOf, wasmInternals } from './wasm-internals.js';

/**
 * `OneHot` for wasm: [...S] indices → [...S, depth] filled with `offValue`, `onValue` where the last index equals the
 * entry. Stock wasm 4.22 writes int32 whatever the dtype and truncates on/off to integers, so
 * `tf.oneHot(ids, V, 0.9, 0.05, 'float32')` came out all zeros (and `on = 1` as the float32 bit pattern 1e-45).
 * Indices outside [0, depth) — e.g. -100 padding labels — give an all-`offValue` row, as on the cpu backend.
 * float32 and int32 outputs (int32 truncates on/off toward zero); other dtypes go to the stock kernel.
 *
 * @example tf.oneHot(tf.tensor1d([2, -1], 'int32'), 3, 0.9, 0.05, 'float32') // [[.05, .05, .9], [.05, .05, .05]]
 */
export const oneHot: tf.KernelFunc = (args) => {
  const { indices } = args.inputs as { indices: tf.TensorInfo };
  const { dtype, depth, onValue, offValue } = args.attrs as unknown as tf.OneHotAttrs;
  const supported =
    (dtype === 'float32' || dtype === 'int32') && (indices.dtype === 'int32' || indices.dtype === 'float32');
  if (!supported) return callStock(tf.OneHot, args);
  const wasm = wasmInternals(args.backend);
  const count = sizeOf(indices.shape);
  const out = wasm.makeOutput([...indices.shape, depth], dtype); // [...S, depth]
  // Views after makeOutput, which may have grown the heap.
  const values = heapView(wasm, out) as Float32Array | Int32Array;
  const ids = heapView(wasm, indices) as Int32Array | Float32Array;
  values.fill(offValue);
  for (let row = 0; row < count; row++) {
    const index = ids[row]!;
    // Integer test: float32 indices that are not whole numbers hit no column (the cpu backend's behaviour).
    if (index >= 0 && index < depth && Number.isInteger(index)) values[row * depth + index] = onValue;
  }
  return out;
};
