import type * as tf from '@tensorflow/tfjs';
import { heapOffset, sizeOf, wasmInternals } from './wasm-internals.js';
import { bertKernels } from './wasm/bert-kernels.js';

/** A kernel tfjs does not have: inverted dropout with a counter-based mask (dropout.c), wasm only. */
export const DROPOUT_KERNEL = 'BertDropout';

export interface DropoutAttrs {
  readonly rate: number;
  /** 32-bit seed; the mask is a pure function of (seed, element index). */
  readonly seed: number;
}

export const dropoutKernel: tf.KernelFunc = ({ inputs, backend, attrs }) => {
  const { x } = inputs as { x: tf.TensorInfo };
  const { rate, seed } = attrs as unknown as DropoutAttrs;
  const wasm = wasmInternals(backend);
  const out = wasm.makeOutput([...x.shape], 'float32');
  const keep = 1 - rate;
  const keep24 = Math.round(keep * 2 ** 24);
  bertKernels(wasm).exports.dropout_f32(
    heapOffset(wasm, out),
    heapOffset(wasm, x),
    sizeOf(x.shape),
    seed >>> 0,
    keep24,
    1 / keep,
  );
  return out;
};
