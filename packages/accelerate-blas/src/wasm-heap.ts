import type * as tf from '@tensorflow/tfjs';

/**
 * The slice of tfjs-backend-wasm 4.22's `BackendWasm` the kernels use (not public API, so it is typed and checked
 * here once): where a tensor lives in the heap, and how to allocate an output there.
 */
export interface WasmBackend {
  wasm: { HEAPU8: Uint8Array };
  dataIdMap: { get(dataId: unknown): { memoryOffset: number } | undefined };
  makeOutput(shape: number[], dtype: tf.DataType): tf.TensorInfo;
}

export function asWasmBackend(backend: unknown): WasmBackend {
  const candidate = backend as Partial<WasmBackend> | null;
  if (candidate?.wasm?.HEAPU8 == null || candidate.dataIdMap == null || typeof candidate.makeOutput !== 'function') {
    throw new Error(
      '@bert/accelerate-blas needs tfjs-backend-wasm 4.22 internals (wasm.HEAPU8, dataIdMap, makeOutput)',
    );
  }
  return candidate as WasmBackend;
}

/** Byte offset of a tensor's data in the heap. Offsets survive heap growth; ArrayBuffers do not. */
export function heapOffset(backend: WasmBackend, info: tf.TensorInfo): number {
  const data = backend.dataIdMap.get(info.dataId);
  if (data == null) throw new Error(`tensor [${info.shape}] is not on the wasm backend`);
  return data.memoryOffset;
}

/**
 * The heap's current ArrayBuffer, or undefined when it is shared (threaded wasm builds, which N-API cannot read).
 * Fetch it after the last allocation of a call: growing the heap detaches the previous buffer.
 */
export function heapBuffer(backend: WasmBackend): ArrayBuffer | undefined {
  const buffer = backend.wasm.HEAPU8.buffer;
  return buffer instanceof ArrayBuffer ? buffer : undefined;
}

export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const dim of shape) size *= dim;
  return size;
}
