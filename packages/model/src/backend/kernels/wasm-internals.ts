import type * as tf from '@tensorflow/tfjs';

/**
 * The parts of tfjs-backend-wasm 4.22's `BackendWasm` and Emscripten module the kernel fixes use. They are not public
 * API, so they are typed here once and touched nowhere else; `wasmInternals` checks they exist.
 */
export interface WasmModule {
  HEAPU8: Uint8Array;
  HEAPF32: Float32Array;
  HEAP32: Int32Array;
  _malloc(bytes: number): number;
  _free(pointer: number): void;
  /** Emscripten's exports; `memory` is the heap our own kernel module imports. */
  asm: { memory: WasmMemory };
}

/**
 * The slice of the WebAssembly JS API we use, typed here because this package compiles without the DOM lib
 * (which is where TypeScript declares WebAssembly).
 */
export interface WasmMemory {
  readonly buffer: ArrayBuffer | SharedArrayBuffer;
  grow(pages: number): number;
}
export interface WasmApi {
  Module: new (bytes: Uint8Array) => object;
  Instance: new (
    module: object,
    imports: Record<string, Record<string, unknown>>,
  ) => { exports: Record<string, unknown> };
  Memory: new (descriptor: { initial: number; maximum?: number; shared?: boolean }) => WasmMemory;
}
export const wasmApi = (globalThis as unknown as { WebAssembly: WasmApi }).WebAssembly;

interface TensorData {
  id: number;
  memoryOffset: number;
  shape: number[];
  dtype: tf.DataType;
  refCount: number;
}

export interface WasmBackend {
  wasm: WasmModule;
  dataIdMap: { get(dataId: unknown): TensorData | undefined };
  makeOutput(shape: number[], dtype: tf.DataType, memoryOffset?: number): tf.TensorInfo;
  disposeData(dataId: unknown, force?: boolean): boolean;
  incRef(dataId: unknown): void;
}

/** The wasm backend behind a kernel call, checked once for the internals we rely on. */
export function wasmInternals(backend: unknown): WasmBackend {
  const candidate = backend as Partial<WasmBackend> | null;
  if (candidate?.wasm?.HEAPF32 == null || candidate.wasm.asm?.memory == null || candidate.dataIdMap == null) {
    throw new Error('@bert/model kernel fixes need tfjs-backend-wasm 4.22 internals (wasm.asm.memory, dataIdMap)');
  }
  return candidate as WasmBackend;
}

function tensorData(backend: WasmBackend, info: tf.TensorInfo): TensorData {
  const data = backend.dataIdMap.get(info.dataId);
  if (data == null) throw new Error(`tensor [${info.shape}] is not on the wasm backend`);
  return data;
}

/** Byte offset of a tensor's data in the wasm heap. */
export function heapOffset(backend: WasmBackend, info: tf.TensorInfo): number {
  return tensorData(backend, info).memoryOffset;
}

/** Number of elements of a shape. */
export function sizeOf(shape: readonly number[]): number {
  let size = 1;
  for (const dim of shape) size *= dim;
  return size;
}

/**
 * A typed view of a tensor in the heap. Views go stale when the heap grows (any allocation may grow it), so take
 * them after the last `makeOutput` and never keep them.
 */
export function heapView(backend: WasmBackend, info: tf.TensorInfo): Float32Array | Int32Array | Uint8Array {
  const { memoryOffset, dtype } = tensorData(backend, info);
  const size = sizeOf(info.shape);
  const buffer = backend.wasm.HEAPU8.buffer;
  if (dtype === 'float32') return new Float32Array(buffer, memoryOffset, size);
  if (dtype === 'int32') return new Int32Array(buffer, memoryOffset, size);
  if (dtype === 'bool') return new Uint8Array(buffer, memoryOffset, size);
  throw new Error(`dtype ${dtype} is not supported by the wasm kernel fixes`);
}
