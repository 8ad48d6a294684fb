import { type WasmBackend, type WasmModule, wasmApi } from '../wasm-internals.js';
import { defaultHelperCount, GemmPool } from './gemm-pool.js';
import { HEAP_WASM_BASE64 } from './kernels-wasm.js';

/** The C kernels (see the .c files here), run directly on the tfjs heap: pointers are byte offsets into it. */
export interface KernelExports {
  gemm(
    m: number,
    n: number,
    k: number,
    a: number,
    aRowStride: number,
    aColStride: number,
    b: number,
    bRowStride: number,
    bColStride: number,
    c: number,
    ldc: number,
    packA: number,
    packB: number,
  ): void;
  gemm_pack_a_floats(): number;
  gemm_pack_b_floats(): number;
  bias_clamp(c: number, m: number, n: number, ldc: number, bias: number, lo: number, hi: number): void;
  /** op: 0 equal, 1 not equal, 2 less, 3 less-equal, 4 greater, 5 greater-equal; bool out (compare.c). */
  compare_f32(op: number, out: number, a: number, b: number, ...dimsAndStrides: number[]): void;
  /** op: 0 sum × scale, 1 max, 2 min over the middle axis of [outer, r, inner]. */
  reduce_f32(op: number, out: number, x: number, outer: number, r: number, inner: number, scale: number): void;
  bool_to_f32(out: number, x: number, n: number): void;
  i32_to_f32(out: number, x: number, n: number): void;
  dropout_f32(out: number, x: number, n: number, seed: number, keep24: number, scale: number): void;
  segment_sum_f32(out: number, x: number, ids: number, rows: number, rowSize: number, segments: number): void;
  /** op: 0 exp, 1 erf, 2 sqrt, 3 square, 4 rsqrt; `tail` is 16 bytes of scratch. */
  unary_f32(op: number, out: number, x: number, n: number, tail: number): void;
}

/** Kernels bound to one tfjs wasm module, with the scratch buffers they need (allocated once, never freed). */
export interface BertKernels {
  readonly exports: KernelExports;
  readonly packA: number;
  readonly packB: number;
  /** 64 bytes of scratch for tails. */
  readonly scratch: number;
  /** Helper threads for big products; undefined on one core or when disabled. */
  readonly pool: GemmPool | undefined;
}

let compiled: object | undefined;
let helperCount: number | undefined;

/**
 * Sets how many threads big matrix products use (1 = the calling thread only). Applies to kernels bound after
 * the call, so call it before the first product; default: the core count (at most 4), or `BERT_WASM_THREADS`.
 */
export function setWasmGemmThreads(threads: number): void {
  if (!Number.isInteger(threads) || threads < 1) throw new Error(`threads (${threads}) must be a positive integer`);
  helperCount = threads - 1;
}

/** Threads big products will use: 1 + helpers. */
export function wasmGemmThreads(): number {
  return 1 + (helperCount ?? defaultHelperCount());
}
const bound = new WeakMap<WasmModule, BertKernels>();

/**
 * Our kernel module instantiated on the tfjs heap. The module has no data segment and no globals (the build
 * checks), so it never writes memory it was not handed; tensors are read and written in place, no copies.
 */
export function bertKernels(backend: WasmBackend): BertKernels {
  let kernels = bound.get(backend.wasm);
  if (kernels == null) {
    compiled ??= new wasmApi.Module(Buffer.from(HEAP_WASM_BASE64, 'base64'));
    const instance = new wasmApi.Instance(compiled, { env: { memory: backend.wasm.asm.memory } });
    const exports = instance.exports as unknown as KernelExports;
    const packA = backend.wasm._malloc(exports.gemm_pack_a_floats() * 4);
    const packB = backend.wasm._malloc(exports.gemm_pack_b_floats() * 4);
    const scratch = backend.wasm._malloc(64);
    const helpers = helperCount ?? defaultHelperCount();
    const pool = helpers > 0 ? new GemmPool(helpers, exports) : undefined;
    kernels = { exports, packA, packB, scratch, pool };
    bound.set(backend.wasm, kernels);
    warmUp(kernels, backend);
  }
  return kernels;
}

/**
 * V8 first runs wasm in its baseline compiler (about 3× slower here) and optimizes functions once they are hot;
 * a few small calls at load get the GEMM optimized before the first real product.
 */
function warmUp({ exports, packA, packB }: BertKernels, backend: WasmBackend): void {
  const size = 32;
  const buffer = backend.wasm._malloc(3 * size * size * 4);
  backend.wasm.HEAPF32.fill(0, buffer >> 2, (buffer >> 2) + 3 * size * size);
  const [a, b, c] = [buffer, buffer + size * size * 4, buffer + 2 * size * size * 4];
  for (let i = 0; i < 200; i++) exports.gemm(size, size, size, a, size, 1, b, size, 1, c, size, packA, packB);
  backend.wasm._free(buffer);
}

/**
 * Resolves once the GEMM helper threads have booted (or after `timeoutMs`); returns how many are ready. Until then
 * products run on the calling thread only, so benchmarks and tests call this first.
 */
export async function waitForGemmHelpers(backend: WasmBackend, timeoutMs = 5000): Promise<number> {
  const { pool } = bertKernels(backend);
  if (pool == null) return 0;
  const deadline = Date.now() + timeoutMs;
  while (pool.readyHelpers < pool.helperCount && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
  return pool.readyHelpers;
}
