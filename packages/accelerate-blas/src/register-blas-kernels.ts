import os from 'node:os';
import * as tf from '@tensorflow/tfjs';
import { makeBlasKernel } from './blas-kernels.js';
import { type BlasAddon, isAddon, loadBlasAddon } from './native-addon.js';

/** The wasm kernels this package replaces. */
export const BLAS_KERNEL_NAMES = [tf.BatchMatMul, tf._FusedMatMul] as const;

/** What `registerBlasKernels` did: the kernels, OpenBLAS's threads and build. */
export interface BlasRegistration {
  readonly kernels: readonly string[];
  /** OpenBLAS threads, the calling thread included. */
  readonly threads: number;
  /** e.g. "OpenBLAS 0.3.21 (pthreads)". */
  readonly library: string;
  /** OpenBLAS's build configuration string (CPU core it dispatched to, MAX_THREADS, …). */
  readonly config: string;
}

export interface BlasOptions {
  /** OpenBLAS threads (default: env `BERT_THREADS`, else all cores). */
  readonly threads?: number;
}

/** The accelerator cannot run here; `reason` and `fix` are one line each, for `bert-doctor`. */
export class BlasUnavailableError extends Error {
  override name = 'BlasUnavailableError';
  constructor(
    readonly reason: string,
    readonly fix: string,
  ) {
    super(`${reason}; fix: ${fix}`);
  }
}

const PARALLEL = ['sequential', 'pthreads', 'OpenMP'];
/** Per kernel name: the kernel we replaced (undefined: there was none), while ours is registered. */
const replaced = new Map<string, tf.KernelConfig | undefined>();
const ours = new Map<string, tf.KernelFunc>();

/**
 * Routes the wasm backend's matrix products to OpenBLAS: registers `BatchMatMul` and `_FusedMatMul` for 'wasm'
 * (over whatever was registered, which stays the fallback for the cases the addon does not cover) and sets the
 * OpenBLAS thread count. Idempotent; throws `BlasUnavailableError` when the addon is missing or cannot load.
 *
 * @example
 * import { registerBlasKernels } from '@bert/accelerate-blas';
 * const blas = registerBlasKernels({ threads: 2 }); // { kernels: ['BatchMatMul', '_FusedMatMul'], threads: 2, … }
 */
export function registerBlasKernels(options: BlasOptions = {}): BlasRegistration {
  const addon = requireAddon();
  const threads = options.threads ?? defaultBlasThreads();
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`threads (${threads}) must be a positive integer`);
  addon.setThreads(threads);
  for (const kernelName of BLAS_KERNEL_NAMES) {
    let kernelFunc = ours.get(kernelName);
    if (kernelFunc == null) {
      kernelFunc = makeBlasKernel(addon, kernelName, () => replaced.get(kernelName)?.kernelFunc);
      ours.set(kernelName, kernelFunc);
    }
    const current = tf.getKernel(kernelName, 'wasm');
    if (current?.kernelFunc === kernelFunc) continue;
    replaced.set(kernelName, current);
    if (current != null) tf.unregisterKernel(kernelName, 'wasm');
    tf.registerKernel({ kernelName, backendName: 'wasm', kernelFunc });
  }
  return blasRegistration(addon);
}

/** Puts back the kernels `registerBlasKernels` replaced (for A/B comparisons). */
export function unregisterBlasKernels(): void {
  for (const [kernelName, previous] of replaced) {
    if (tf.getKernel(kernelName, 'wasm')?.kernelFunc !== ours.get(kernelName)) continue;
    tf.unregisterKernel(kernelName, 'wasm');
    if (previous != null) tf.registerKernel(previous);
  }
  replaced.clear();
}

/** Whether the addon loads here, without registering anything: `{ available: true, … }` or the reason and fix. */
export function blasStatus():
  | ({ readonly available: true } & BlasRegistration)
  | { readonly available: false; readonly reason: string; readonly fix: string } {
  const addon = loadBlasAddon();
  if (!isAddon(addon)) return { available: false, ...addon };
  return { available: true, ...blasRegistration(addon) };
}

/** Sets OpenBLAS's thread count (the calling thread included). */
export function setBlasThreads(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`threads (${threads}) must be a positive integer`);
  requireAddon().setThreads(threads);
}

/** `BERT_THREADS` when set (it must be a positive integer), else every core. */
export function defaultBlasThreads(): number {
  const raw = process.env.BERT_THREADS?.trim();
  if (raw == null || raw === '') return os.availableParallelism();
  if (!/^[1-9]\d*$/.test(raw)) throw new Error(`BERT_THREADS='${raw}' must be a positive integer (threads)`);
  return Number(raw);
}

function requireAddon(): BlasAddon {
  const addon = loadBlasAddon();
  if (!isAddon(addon)) throw new BlasUnavailableError(addon.reason, addon.fix);
  return addon;
}

function blasRegistration(addon: BlasAddon): BlasRegistration {
  const info = addon.info();
  const version = /OpenBLAS\s+([\d.]+)/.exec(info.config)?.[1] ?? '?';
  return {
    kernels: [...BLAS_KERNEL_NAMES],
    threads: info.threads,
    library: `OpenBLAS ${version} (${PARALLEL[info.parallel] ?? `parallel=${info.parallel}`})`,
    config: info.config,
  };
}
