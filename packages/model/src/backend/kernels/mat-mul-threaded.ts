import type { GemmCall } from './mat-mul.js';
import type { WasmBackend } from './wasm-internals.js';
import type { BertKernels } from './wasm/bert-kernels.js';
import type { GemmJob } from './wasm/gemm-pool.js';

/** Below this many flops a product is not worth waking a helper (≈ 0.2 ms of work). */
const MIN_FLOPS = 4e6;
/** Chunks per product: enough for dynamic balancing, few enough that each chunk stays efficient. */
const TARGET_CHUNKS = 8;

/**
 * Runs `call` on the calling thread plus the pool's helpers and returns true, or returns false (nothing done) when
 * there is no pool, no helper has booted yet, or the product is too small to split. Operands are copied whole into
 * the pool's shared memory; the caller computes its chunks in place and copies back the helpers' chunks.
 */
export function threadedGemm(
  backend: WasmBackend,
  { exports, packA, packB, pool }: BertKernels,
  call: GemmCall,
  aSize: number,
  bSize: number,
): boolean {
  const { batch, m, n, k } = call;
  if (pool == null || pool.isBroken || 2 * batch * m * n * k < MIN_FLOPS || pool.readyHelpers === 0) return false;
  if (!pool.takeTurn()) return false;
  const mode: GemmJob['mode'] = batch > 1 ? 2 : m >= n ? 0 : 1;
  const extent = mode === 2 ? batch : mode === 0 ? m : n;
  const align = mode === 2 ? 1 : mode === 0 ? 4 : 8;
  const chunk = Math.ceil(Math.ceil(extent / TARGET_CHUNKS) / align) * align;
  const chunks = Math.ceil(extent / chunk);
  if (chunks < 2) return false;

  const cSize = batch * m * n;
  pool.reserve((aSize + bSize + cSize) * 4);
  const base = pool.operandBase;
  const shared = { a: base, b: base + aSize * 4, c: base + (aSize + bSize) * 4 };
  const sharedBytes = new Uint8Array(pool.memory.buffer);
  const heap = backend.wasm.HEAPU8;
  sharedBytes.set(heap.subarray(call.a, call.a + aSize * 4), shared.a);
  sharedBytes.set(heap.subarray(call.b, call.b + bSize * 4), shared.b);
  const job: GemmJob = {
    mode,
    chunks,
    chunk,
    m,
    n,
    k,
    a: shared.a,
    aRow: call.aRow,
    aCol: call.aCol,
    aBatch: call.aBatch,
    b: shared.b,
    bRow: call.bRow,
    bCol: call.bCol,
    bBatch: call.bBatch,
    c: shared.c,
    cBatch: m * n,
  };
  const sequence = pool.start(job, batch);
  const started = performance.now();
  for (let index = pool.claim(chunks); index >= 0; index = pool.claim(chunks)) {
    runChunk(exports, packA, packB, call, mode, index * chunk, chunk);
  }
  const computed = performance.now();
  const theirs = pool.finish(sequence, chunks);
  pool.recordWait(performance.now() - computed, computed - started);
  copyBack(heap, sharedBytes, call, shared.c, mode, chunk, theirs);
  return true;
}

function runChunk(
  exports: BertKernels['exports'],
  packA: number,
  packB: number,
  call: GemmCall,
  mode: GemmJob['mode'],
  begin: number,
  chunk: number,
): void {
  const { m, n, k, a, aRow, aCol, aBatch, b, bRow, bCol, bBatch, c, batch } = call;
  if (mode === 0) {
    const rows = Math.min(chunk, m - begin);
    exports.gemm(rows, n, k, a + begin * aRow * 4, aRow, aCol, b, bRow, bCol, c + begin * n * 4, n, packA, packB);
  } else if (mode === 1) {
    const cols = Math.min(chunk, n - begin);
    exports.gemm(m, cols, k, a, aRow, aCol, b + begin * bCol * 4, bRow, bCol, c + begin * 4, n, packA, packB);
  } else {
    for (let i = begin; i < Math.min(begin + chunk, batch); i++) {
      exports.gemm(
        m,
        n,
        k,
        a + i * aBatch * 4,
        aRow,
        aCol,
        b + i * bBatch * 4,
        bRow,
        bCol,
        c + i * m * n * 4,
        n,
        packA,
        packB,
      );
    }
  }
}

/** Copies the helpers' chunks of the output from shared memory into the tfjs heap. */
function copyBack(
  heap: Uint8Array,
  shared: Uint8Array,
  call: GemmCall,
  sharedC: number,
  mode: GemmJob['mode'],
  chunk: number,
  chunks: readonly number[],
): void {
  const { m, n, c, batch } = call;
  for (const index of chunks) {
    const begin = index * chunk;
    if (mode === 1) {
      const cols = Math.min(chunk, n - begin);
      for (let row = 0; row < m; row++) {
        const offset = (row * n + begin) * 4;
        heap.set(shared.subarray(sharedC + offset, sharedC + offset + cols * 4), c + offset);
      }
      continue;
    }
    const rowFloats = mode === 0 ? n : m * n;
    const count = Math.min(chunk, (mode === 0 ? m : batch) - begin);
    const from = begin * rowFloats * 4;
    heap.set(shared.subarray(sharedC + from, sharedC + from + count * rowFloats * 4), c + from);
  }
}
