import os from 'node:os';
import { Worker } from 'node:worker_threads';
import { type WasmMemory, wasmApi } from '../wasm-internals.js';
import type { KernelExports } from './bert-kernels.js';
import { SHARED_WASM_BASE64 } from './kernels-wasm.js';

/**
 * Helper threads for big matrix products. tfjs runs wasm single-threaded in Node (its threaded build needs
 * global monkeypatches), so on a 2-core machine half the CPU idles during the 70% of a training step spent in
 * matmuls. Each helper is a worker_thread running our GEMM module on a *shared* WebAssembly.Memory: the caller
 * copies the operands there (memcpy speed, O(m·k + k·n) against O(m·n·k) flops), then it and the helpers claim
 * chunks of the output from an atomic counter — the caller computes its chunks in place on the tfjs heap, helpers
 * into the shared copy, which the caller copies back. Chunks are claimed dynamically, so a helper that is slow to
 * wake or starved by other processes just takes fewer.
 */

/** Control block layout (Int32Array over a SharedArrayBuffer, one per helper). */
const SEQ = 0; // job sequence number, bumped by the caller to wake the helper
const DONE = 1; // the helper writes SEQ here when it has no chunk left
const READY = 2; // 1 once the helper has instantiated its module
const NEXT = 3; // next chunk to claim (shared by all threads: lives in the first helper's block)
const JOB = 4; // job parameters start here (see GemmJob)
const JOB_FIELDS = 18;
const OWNERS = JOB + JOB_FIELDS; // one int per chunk: 1 if a helper computed it
const MAX_CHUNKS = 64;
const CONTROL_INTS = OWNERS + MAX_CHUNKS;

/**
 * One product split in chunks: chunk c covers output rows (mode 0), columns (mode 1) or batches (mode 2)
 * [c·chunk, min((c+1)·chunk, extent)). Pointers are byte offsets into the shared memory; strides are in floats.
 */
export interface GemmJob {
  mode: 0 | 1 | 2; // 0: row chunks, 1: column chunks, 2: batch chunks
  chunks: number;
  chunk: number;
  m: number;
  n: number;
  k: number;
  a: number;
  aRow: number;
  aCol: number;
  aBatch: number;
  b: number;
  bRow: number;
  bCol: number;
  bBatch: number;
  c: number;
  cBatch: number;
}

// The helper's whole program, run with `eval: true` so no file has to ship next to the bundle.
const HELPER_SOURCE = `
const { workerData } = require('node:worker_threads');
const { module, memory, control, packA, packB } = workerData;
const gemm = new WebAssembly.Instance(module, { env: { memory } }).exports.gemm;
const ctrl = new Int32Array(control);
const shared = new Int32Array(workerData.sharedControl);
// Warm-up (gets V8 to optimize gemm) on 16×16 operands inside this helper's own pack-A scratch.
for (let i = 0; i < 100; i++) gemm(16, 16, 16, packA, 16, 1, packA + 1024, 16, 1, packA + 2048, 16, packA + 4096, packB);
Atomics.store(ctrl, ${READY}, 1);
let seen = Atomics.load(ctrl, ${SEQ});
for (;;) {
  Atomics.wait(ctrl, ${SEQ}, seen);
  seen = Atomics.load(ctrl, ${SEQ});
  if (seen < 0) break;
  const [mode, chunks, chunk, m, n, k, a, aRow, aCol, aBatch, b, bRow, bCol, bBatch, c, cBatch] =
    shared.subarray(${JOB}, ${JOB} + 16);
  for (;;) {
    const index = Atomics.add(shared, ${NEXT}, 1);
    if (index >= chunks) break;
    const begin = index * chunk;
    if (mode === 0) {
      const rows = Math.min(chunk, m - begin);
      gemm(rows, n, k, a + begin * aRow * 4, aRow, aCol, b, bRow, bCol, c + begin * n * 4, n, packA, packB);
    } else if (mode === 1) {
      const cols = Math.min(chunk, n - begin);
      gemm(m, cols, k, a, aRow, aCol, b + begin * bCol * 4, bRow, bCol, c + begin * 4, n, packA, packB);
    } else {
      const batches = shared[${JOB} + 16];
      for (let i = begin; i < Math.min(begin + chunk, batches); i++) {
        gemm(m, n, k, a + i * aBatch * 4, aRow, aCol, b + i * bBatch * 4, bRow, bCol, c + i * cBatch * 4, n, packA, packB);
      }
    }
    Atomics.store(shared, ${OWNERS} + index, 1);
  }
  Atomics.store(ctrl, ${DONE}, seen);
  Atomics.notify(ctrl, ${DONE});
}
`;

interface Helper {
  readonly worker: Worker;
  readonly control: Int32Array;
}

/** A pool of GEMM helpers sharing one memory; `reserve` grows it on demand. */
export class GemmPool {
  readonly memory: WasmMemory;
  private readonly helpers: Helper[] = [];
  private readonly shared: Int32Array;
  private readonly scratchBytes: number;
  private sequence = 0;
  private broken = false;
  /** Products left to run single-threaded after helpers kept the caller waiting (see `recordWait`). */
  private backoff = 0;
  private slowStreak = 0;

  constructor(
    readonly helperCount: number,
    exportsForSizes: KernelExports,
  ) {
    // Per helper: its own pack buffers; then the operand area starts.
    this.scratchBytes = (exportsForSizes.gemm_pack_a_floats() + exportsForSizes.gemm_pack_b_floats()) * 4;
    const pages = Math.ceil((this.scratchBytes * helperCount + (1 << 20)) / 65536);
    this.memory = new wasmApi.Memory({ initial: pages, maximum: 32768, shared: true });
    const module = new wasmApi.Module(Buffer.from(SHARED_WASM_BASE64, 'base64'));
    let first: Int32Array | undefined;
    for (let index = 0; index < helperCount; index++) {
      const controlBuffer = new SharedArrayBuffer(CONTROL_INTS * 4);
      const control = new Int32Array(controlBuffer);
      first ??= control;
      const packA = index * this.scratchBytes;
      const packB = packA + exportsForSizes.gemm_pack_a_floats() * 4;
      const worker = new Worker(HELPER_SOURCE, {
        eval: true,
        workerData: { module, memory: this.memory, control: controlBuffer, sharedControl: first.buffer, packA, packB },
      });
      worker.unref(); // never keeps the process alive
      // A helper that dies takes the pool with it: products then run on the calling thread only.
      worker.on('error', () => {
        this.broken = true;
      });
      worker.on('exit', () => {
        this.broken = true;
      });
      this.helpers.push({ worker, control });
    }
    this.shared = first ?? new Int32Array(CONTROL_INTS);
  }

  /** Byte offset where operands may start in the shared memory. */
  get operandBase(): number {
    return this.scratchBytes * this.helperCount;
  }

  /** Grows the shared memory to hold `bytes` past operandBase. */
  reserve(bytes: number): void {
    const needed = this.operandBase + bytes;
    const current = this.memory.buffer.byteLength;
    if (needed > current) this.memory.grow(Math.ceil((needed - current) / 65536));
  }

  /** Helpers that have booted; zero while they start (then the caller computes everything itself). */
  get readyHelpers(): number {
    if (this.broken) return 0;
    return this.helpers.filter((helper) => Atomics.load(helper.control, READY) === 1).length;
  }

  /** Publishes a job and wakes the helpers; returns the job's sequence number. */
  start(job: GemmJob, batches: number): number {
    if (job.chunks > MAX_CHUNKS) throw new Error(`GEMM job of ${job.chunks} chunks exceeds ${MAX_CHUNKS}`);
    const sequence = ++this.sequence;
    const fields = [
      job.mode,
      job.chunks,
      job.chunk,
      job.m,
      job.n,
      job.k,
      job.a,
      job.aRow,
      job.aCol,
      job.aBatch,
      job.b,
      job.bRow,
      job.bCol,
      job.bBatch,
      job.c,
      job.cBatch,
      batches,
    ];
    this.shared.set(fields, JOB);
    this.shared.fill(0, OWNERS, OWNERS + job.chunks);
    Atomics.store(this.shared, NEXT, 0);
    for (const helper of this.helpers) {
      if (Atomics.load(helper.control, READY) !== 1) {
        Atomics.store(helper.control, DONE, sequence); // not booted: counts as done, takes no chunk
        continue;
      }
      Atomics.store(helper.control, SEQ, sequence);
      Atomics.notify(helper.control, SEQ);
    }
    return sequence;
  }

  /** Claims the next chunk for the calling thread, or returns -1 when none is left. */
  claim(chunks: number): number {
    const index = Atomics.add(this.shared, NEXT, 1);
    return index < chunks ? index : -1;
  }

  /**
   * Waits until every helper finished `sequence`; then returns the chunks helpers computed. A helper that does not
   * answer within 30 s marks the pool broken (later products run on the calling thread only).
   */
  finish(sequence: number, chunks: number): number[] {
    for (const helper of this.helpers) {
      const deadline = Date.now() + 30_000;
      for (;;) {
        const done = Atomics.load(helper.control, DONE);
        if (done === sequence) break;
        if (Date.now() > deadline) {
          this.broken = true;
          throw new Error('a wasm GEMM helper thread stopped answering');
        }
        Atomics.wait(helper.control, DONE, done, 100);
      }
    }
    const theirs: number[] = [];
    for (let index = 0; index < chunks; index++) if (this.shared[OWNERS + index] === 1) theirs.push(index);
    return theirs;
  }

  get isBroken(): boolean {
    return this.broken;
  }

  /** False while backing off; each call during a back-off counts down one product. */
  takeTurn(): boolean {
    if (this.backoff === 0) return true;
    this.backoff--;
    return false;
  }

  /**
   * Records how long the caller waited for helpers after its own chunks, against its compute time. When other
   * processes hold the cores, a descheduled helper can hold the last chunk for a whole scheduler slice; after
   * three such products in a row, the next 200 run single-threaded, then helpers are tried again.
   */
  recordWait(waitMs: number, computeMs: number): void {
    this.slowStreak = waitMs > 0.5 * computeMs + 0.2 ? this.slowStreak + 1 : 0;
    if (this.slowStreak >= 3) {
      this.backoff = 200;
      this.slowStreak = 0;
    }
  }

  /** Stops the helpers (tests; the process exits fine without it). */
  terminate(): void {
    for (const helper of this.helpers) {
      Atomics.store(helper.control, SEQ, -1);
      Atomics.notify(helper.control, SEQ);
      void helper.worker.terminate();
    }
    this.helpers.length = 0;
  }
}

/** Helpers to start by default: one per extra core (at most 3), none on a single core. `BERT_WASM_THREADS` overrides. */
export function defaultHelperCount(): number {
  const fromEnv = Number.parseInt(process.env.BERT_WASM_THREADS ?? '', 10);
  const threads = Number.isFinite(fromEnv) && fromEnv > 0 ? fromEnv : os.availableParallelism();
  return Math.max(0, Math.min(threads, 4) - 1);
}
