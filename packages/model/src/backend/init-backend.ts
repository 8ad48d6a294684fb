import { firstLine } from '@bert/core';
import { blasSettings, enableBlasAccelerator } from './blas-accelerator.js';
import { registerWasmKernelFixes } from './kernels/register-wasm-kernels.js';
import { loadBackend } from './load-backend.js';
import { setWasmGemmThreads } from './wasm-threads.js';
import {
  BACKEND_NAMES,
  BackendError,
  type BackendInfo,
  type BackendName,
  type InitBackendOptions,
  isBackendName,
  type SkippedBackend,
} from './types.js';

const ENV_VARIABLE = 'BERT_BACKEND';

/** One selection per requested name; concurrent and repeated calls share it. */
const selections = new Map<string, Promise<BackendInfo>>();

/**
 * Selects the tensor engine once per process: `prefer`, else env `BERT_BACKEND` (both fail loudly if that one cannot
 * load), else the first of tensorflow-gpu → tensorflow → wasm → cpu that loads. On wasm it registers the kernel fixes
 * (without them training fails on `tf.gather`'s gradient and matmul gradients run 10× slower), then the optional
 * OpenBLAS accelerator `@bert/accelerate-blas` for matrix products (`BERT_BLAS=0` turns it off).
 * Falling back to the pure-JS cpu backend warns on the console: it is 20–2000× slower for training.
 *
 * @example
 * const info = await initBackend();              // { name: 'wasm', reason: 'first that loaded', simd: true, … }
 * await initBackend({ prefer: 'cpu' });          // switches, for parity tests against the reference kernels
 */
export function initBackend(options: InitBackendOptions = {}): Promise<BackendInfo> {
  if (options.wasmThreads != null) setWasmGemmThreads(options.wasmThreads);
  const requested = resolveRequest(options);
  blasSettings(); // throws on a malformed BERT_BLAS / BERT_THREADS before anything loads
  const key = requested?.name ?? 'auto';
  let selection = selections.get(key);
  if (selection == null) {
    selection = select(requested);
    selections.set(key, selection);
    // A failed selection may be retried (e.g. after installing a package).
    selection.catch(() => selections.delete(key));
  }
  return selection;
}

interface Request {
  readonly name: BackendName;
  readonly source: string;
}

function resolveRequest(options: InitBackendOptions): Request | undefined {
  if (options.prefer != null) {
    if (!isBackendName(options.prefer)) {
      throw new BackendError(`unknown backend '${options.prefer}' (known: ${BACKEND_NAMES.join(', ')})`);
    }
    return { name: options.prefer, source: 'requested by the caller' };
  }
  const fromEnv = process.env[ENV_VARIABLE]?.trim();
  if (fromEnv) {
    if (!isBackendName(fromEnv)) {
      throw new BackendError(`${ENV_VARIABLE}='${fromEnv}' is not a backend (known: ${BACKEND_NAMES.join(', ')})`);
    }
    return { name: fromEnv, source: `requested by ${ENV_VARIABLE}=${fromEnv}` };
  }
  return undefined;
}

async function select(requested: Request | undefined): Promise<BackendInfo> {
  if (requested != null) {
    try {
      return await finish(requested.name, requested.source, []);
    } catch (error) {
      throw new BackendError(`backend '${requested.name}' (${requested.source}) cannot load: ${firstLine(error)}`);
    }
  }
  const skipped: SkippedBackend[] = [];
  for (const name of BACKEND_NAMES) {
    try {
      const reason = skipped.length === 0 ? 'best available' : 'first that loaded';
      const info = await finish(name, reason, skipped);
      if (name === 'cpu') warnCpuFallback(skipped);
      return info;
    } catch (error) {
      skipped.push({ name, reason: firstLine(error) });
    }
  }
  throw new BackendError(`no backend could load: ${skipped.map((s) => `${s.name}: ${s.reason}`).join('; ')}`);
}

async function finish(name: BackendName, reason: string, skipped: readonly SkippedBackend[]): Promise<BackendInfo> {
  const loaded = await loadBackend(name);
  const kernelFixes = name === 'wasm' ? registerWasmKernelFixes() : [];
  const blas = name === 'wasm' ? await enableBlasAccelerator() : undefined;
  const why =
    name === 'cpu' && skipped.length > 0 ? `fallback: ${skipped.map((s) => s.name).join(', ')} failed` : reason;
  const threads = blas?.active ? blas.threads : loaded.threads;
  return Object.freeze({ name, reason: why, skipped: [...skipped], kernelFixes, ...loaded, threads, blas });
}

function warnCpuFallback(skipped: readonly SkippedBackend[]): void {
  const reasons = skipped.map((s) => `${s.name}: ${s.reason}`).join('; ');
  console.warn(`[@bert/model] using the pure-JS 'cpu' backend (20–2000× slower for training) because ${reasons}`);
}
