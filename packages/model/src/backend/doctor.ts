import { describeBlas } from './blas-accelerator.js';
import { initBackend } from './init-backend.js';
import { findTfjsCoreCopies, type TfjsCoreCopy } from './tfjs-core-copies.js';
import type { BackendInfo, InitBackendOptions } from './types.js';

/** The doctor's findings, for callers that want fields rather than text. */
export interface DoctorReport {
  readonly backend: BackendInfo;
  readonly tfjsCoreCopies: readonly TfjsCoreCopy[];
  readonly problems: readonly string[];
}

/** Selects the backend (as training would) and collects what went right and wrong. */
export async function diagnose(options: InitBackendOptions = {}): Promise<DoctorReport> {
  const backend = await initBackend(options);
  const tfjsCoreCopies = findTfjsCoreCopies();
  const problems: string[] = [];
  if (tfjsCoreCopies.length > 1) {
    problems.push(`${tfjsCoreCopies.length} copies of @tensorflow/tfjs-core: variables will not train; dedupe them`);
  }
  if (backend.name === 'cpu') problems.push(`pure-JS cpu backend in use (${backend.reason}): training will crawl`);
  if (backend.name === 'wasm' && !backend.simd) problems.push('wasm without SIMD: matmuls run about 3× slower');
  return { backend, tfjsCoreCopies, problems };
}

/**
 * The text `bert-doctor` prints: backend, SIMD, threads, versions, skipped backends with reasons, tfjs-core copies.
 *
 * @example
 * console.log(await doctor()); // backend: wasm (first that loaded) …
 */
export async function doctor(options: InitBackendOptions = {}): Promise<string> {
  return formatDoctorReport(await diagnose(options));
}

/**
 * One line for a training log: backend, threads, why it was chosen and, on wasm, who runs the matrix products.
 *
 * @example
 * say(`backend: ${describeBackend(await initBackend())}`);
 * // backend: wasm (2 threads, first that loaded); matrix products: OpenBLAS 0.3.21 (pthreads), 2 threads: BatchMatMul, _FusedMatMul
 */
export function describeBackend(backend: BackendInfo): string {
  const threads = `${backend.threads} thread${backend.threads === 1 ? '' : 's'}`;
  const blas = backend.blas === undefined ? '' : `; matrix products: ${describeBlas(backend.blas)}`;
  return `${backend.name} (${threads}, ${backend.reason})${blas}`;
}

export function formatDoctorReport({ backend, tfjsCoreCopies, problems }: DoctorReport): string {
  const lines = [
    `backend:   ${backend.name} (${backend.reason})`,
    `simd:      ${backend.name === 'wasm' ? (backend.simd ? 'yes' : 'no') : 'n/a'}`,
    `threads:   ${backend.threads}${backend.name === 'wasm' ? ' for matrix products (other wasm ops: 1)' : ''}`,
    `blas:      ${describeBlas(backend.blas)}`,
    `node:      ${process.version} ${process.platform}-${process.arch}`,
    'versions:',
    ...Object.entries(backend.versions).map(([name, version]) => `  ${name} ${version}`),
    'skipped:',
    ...(backend.skipped.length === 0 ? ['  (none)'] : backend.skipped.map((s) => `  ${s.name}: ${s.reason}`)),
    `kernel fixes: ${backend.kernelFixes.length === 0 ? '(none)' : backend.kernelFixes.join(', ')}`,
    `@tensorflow/tfjs-core copies: ${tfjsCoreCopies.length}`,
    ...tfjsCoreCopies.map((copy) => `  ${copy.version} ${copy.path}`),
    problems.length === 0 ? 'status:    ok' : 'problems:',
    ...problems.map((problem) => `  - ${problem}`),
  ];
  return lines.join('\n');
}
