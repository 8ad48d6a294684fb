import { BertError } from '@bert/core';
import type { BlasAcceleration } from './blas-accelerator.js';

/** The engines `initBackend` knows, best first. `tensorflow*` are libtensorflow through tfjs-node(-gpu). */
export const BACKEND_NAMES = ['tensorflow-gpu', 'tensorflow', 'wasm', 'cpu'] as const;
export type BackendName = (typeof BACKEND_NAMES)[number];

/** A backend that was tried and not used, with the reason (missing package, load error, …). */
export interface SkippedBackend {
  readonly name: BackendName;
  readonly reason: string;
}

/** What `initBackend` chose and why; also the body of the `doctor` report. */
export interface BackendInfo {
  readonly name: BackendName;
  /** Why this one: explicit request, env variable, or first that loaded. */
  readonly reason: string;
  /** The better backends tried before this one. */
  readonly skipped: readonly SkippedBackend[];
  /** wasm: whether the SIMD binary runs; native backends: false (not applicable). */
  readonly simd: boolean;
  /**
   * Threads a single op may use. wasm: threads of the big matrix products (OpenBLAS's when the accelerator is
   * active, else ours: the caller plus helper threads);
   * every other wasm op runs on one thread, tfjs disables its wasm threads in Node.
   */
  readonly threads: number;
  /** tfjs package versions, including the loaded backend package. */
  readonly versions: Readonly<Record<string, string>>;
  /** Names of the wasm kernels this module replaced or added (empty for other backends). */
  readonly kernelFixes: readonly string[];
  /** wasm: whether @bert/accelerate-blas runs the matrix products on OpenBLAS, or why not; other backends: undefined. */
  readonly blas?: BlasAcceleration;
}

export interface InitBackendOptions {
  /** Use exactly this backend and fail if it cannot load. Overrides the `BERT_BACKEND` env variable. */
  readonly prefer?: BackendName;
  /** wasm only: threads for big matrix products (default: cores, at most 4; env `BERT_WASM_THREADS`). */
  readonly wasmThreads?: number;
}

/** A backend was requested that cannot load, or none could; part of @bert/core's `BertError` hierarchy. */
export class BackendError extends BertError {
  override name = 'BackendError';
}

export function isBackendName(value: string): value is BackendName {
  return (BACKEND_NAMES as readonly string[]).includes(value);
}
