import { firstLine } from '@bert/core';
import { BackendError } from './types.js';
import { setWasmGemmThreads } from './wasm-threads.js';

/** The optional package that routes wasm matrix products to OpenBLAS; never a hard dependency of ours. */
const PACKAGE = '@bert/accelerate-blas';
const APT_FIX = 'apt-get install -y g++ make python3 libopenblas-dev';
const ENV_VARIABLE = 'BERT_BLAS';

/** Whether the native BLAS accelerator runs the wasm backend's matrix products, and if not, why. */
export type BlasAcceleration =
  | {
      readonly active: true;
      /** e.g. "OpenBLAS 0.3.21 (pthreads)". */
      readonly library: string;
      /** OpenBLAS threads (env `BERT_THREADS`, default every core). */
      readonly threads: number;
      readonly kernels: readonly string[];
    }
  | {
      readonly active: false;
      /** One line: what is missing or who turned it off. */
      readonly reason: string;
      /** The command that fixes it, when something is missing. */
      readonly fix?: string;
    };

/** The slice of @bert/accelerate-blas used here, typed locally: the package may not be installed. */
interface AcceleratorModule {
  blasStatus(): { available: true } | { available: false; reason: string; fix: string };
  registerBlasKernels(options?: { threads?: number }): { kernels: readonly string[]; threads: number; library: string };
  unregisterBlasKernels(): void;
}

/**
 * After the wasm kernel fixes: registers @bert/accelerate-blas's OpenBLAS `BatchMatMul` and `_FusedMatMul` when the
 * package is installed and its addon built, and then stops our wasm GEMM helper threads from starting (OpenBLAS
 * already uses every core; both would oversubscribe them). `BERT_BLAS=0` turns it off, `BERT_BLAS=1` makes a missing
 * accelerator an error, unset means "use it if it loads".
 */
export async function enableBlasAccelerator(): Promise<BlasAcceleration> {
  const { mode, threads } = blasSettings();
  if (mode === 'off') return { active: false, reason: `disabled by ${ENV_VARIABLE}=0` };
  const unavailable = (reason: string, fix: string): BlasAcceleration => {
    if (mode === 'required') {
      throw new BackendError(`${ENV_VARIABLE}=1 but the BLAS accelerator cannot load: ${reason}; fix: ${fix}`);
    }
    return { active: false, reason, fix };
  };
  let accelerator: AcceleratorModule;
  try {
    accelerator = (await import(/* @vite-ignore */ PACKAGE)) as AcceleratorModule;
  } catch (error) {
    const code = (error as { code?: unknown } | null)?.code;
    const missing = code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
    return unavailable(
      missing ? `${PACKAGE} is not installed` : `${PACKAGE} failed to load: ${firstLine(error)}`,
      `${APT_FIX} && npm install ${PACKAGE}`,
    );
  }
  const status = accelerator.blasStatus();
  if (!status.available) return unavailable(status.reason, status.fix);
  const registration = accelerator.registerBlasKernels(threads == null ? {} : { threads });
  setWasmGemmThreads(1);
  return {
    active: true,
    library: registration.library,
    threads: registration.threads,
    kernels: [...registration.kernels],
  };
}

/**
 * `BERT_BLAS` (0 off, 1 required, unset auto) and `BERT_THREADS` (a positive integer), checked up front so that
 * a typo fails `initBackend` loudly instead of looking like a backend that cannot load.
 */
export function blasSettings(): { readonly mode: 'auto' | 'off' | 'required'; readonly threads?: number } {
  const setting = process.env[ENV_VARIABLE]?.trim() ?? '';
  if (!['', '0', '1'].includes(setting)) {
    throw new BackendError(`${ENV_VARIABLE}='${setting}' must be 0 (off) or 1 (required); unset means auto`);
  }
  const mode = setting === '0' ? 'off' : setting === '1' ? 'required' : 'auto';
  const rawThreads = process.env.BERT_THREADS?.trim() ?? '';
  if (rawThreads === '') return { mode };
  if (!/^[1-9]\d*$/.test(rawThreads)) {
    throw new BackendError(`BERT_THREADS='${rawThreads}' must be a positive integer (OpenBLAS threads)`);
  }
  return { mode, threads: Number(rawThreads) };
}

/**
 * Puts back the pure-wasm `BatchMatMul` and `_FusedMatMul` if the accelerator had replaced them (for A/B
 * comparisons; `enableBlasAccelerator` undoes it). The wasm GEMM then runs on the calling thread only.
 */
export async function disableBlasAccelerator(): Promise<void> {
  let accelerator: AcceleratorModule;
  try {
    accelerator = (await import(/* @vite-ignore */ PACKAGE)) as AcceleratorModule;
  } catch {
    return; // not installed: nothing was replaced
  }
  accelerator.unregisterBlasKernels();
}

/** The doctor's one line about the accelerator. */
export function describeBlas(blas: BlasAcceleration | undefined): string {
  if (blas == null) return 'n/a (wasm only)';
  if (blas.active) return `${blas.library}, ${blas.threads} threads: ${blas.kernels.join(', ')}`;
  return `off: ${blas.reason}${blas.fix == null ? '' : `; fix: ${blas.fix}`}`;
}
