import type * as tf from '@tensorflow/tfjs';
import { wasmInternals } from './wasm-internals.js';

/**
 * `Identity` without a copy: the result shares the input's buffer and bumps its reference count, as the cpu
 * backend and wasm's own Reshape do (tensors are immutable). Stock wasm copies; gradients and tidy/clone call it
 * hundreds of times per training step.
 */
export const identity: tf.KernelFunc = ({ inputs, backend }) => {
  const { x } = inputs as { x: tf.TensorInfo };
  wasmInternals(backend).incRef(x.dataId);
  return { dataId: x.dataId, shape: [...x.shape], dtype: x.dtype };
};
