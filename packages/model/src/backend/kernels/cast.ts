import * as tf from '@tensorflow/tfjs';
import { callStock } from './stock-kernels.js';
import { heapOffset, sizeOf, wasmInternals } from './wasm-internals.js';
import { bertKernels } from './wasm/bert-kernels.js';

/**
 * `Cast` for wasm. tfjs-core gradients cast float32 tensors to float32 dozens of times per training step, and
 * stock wasm 4.22 copies each one with a JS TypedArray.set; a same-dtype cast here shares the buffer (tensors are
 * immutable, as in Identity), and bool/int32 → float32 run as SIMD loops (convert.c). Other casts stay stock.
 */
export const cast: tf.KernelFunc = (args) => {
  const { x } = args.inputs as { x: tf.TensorInfo };
  const { dtype } = args.attrs as unknown as { dtype: tf.DataType };
  const wasm = wasmInternals(args.backend);
  if (dtype === x.dtype && dtype !== 'string') {
    wasm.incRef(x.dataId);
    return { dataId: x.dataId, shape: [...x.shape], dtype };
  }
  if (dtype !== 'float32' || (x.dtype !== 'bool' && x.dtype !== 'int32')) return callStock(tf.Cast, args);
  const out = wasm.makeOutput([...x.shape], 'float32');
  const { exports } = bertKernels(wasm);
  const convert = x.dtype === 'bool' ? exports.bool_to_f32 : exports.i32_to_f32;
  convert(heapOffset(wasm, out), heapOffset(wasm, x), sizeOf(x.shape));
  return out;
};
