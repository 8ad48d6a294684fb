// One row of `npm run bench:train`, run by train-bench.ts in a fresh process so that kernel registrations, wasm heap
// growth and helper threads never leak from one row into the next. Prints one `ROW {json}` line.
// Usage: vite-node bench/train-bench-row.ts --config a|b --backend wasm-stock|wasm|wasm-threads|tfjs-node
//        (or wasm+blas) --steps N --warmup N
import { parseArgs } from 'node:util';
import {
  BertForPreTraining,
  initBackend,
  registerWasmKernelFixes,
  resolveBertConfig,
  restoreStockWasmKernels,
  waitForWasmThreads,
} from '@bert/model';
import * as tf from '@tensorflow/tfjs';
import { AdamW, dropoutSeed, pretrainingLossFn, trainStep } from '../src/index.js';
import {
  BACKEND_ROWS,
  BENCH_CONFIGS,
  type BackendRow,
  type BenchConfig,
  benchBatch,
  type RowResult,
} from './bench-configs.js';

const SEED = 42;
const LR = 1e-4;
const CLIP_NORM = 1.0; // HF `max_grad_norm`
const BATCHES = 4; // distinct batches, cycled (made before timing)

async function selectBackend(backend: BackendRow): Promise<{ threads: number; kernels: string } | { skip: string }> {
  if (backend === 'tfjs-node') {
    try {
      const info = await initBackend({ prefer: 'tensorflow' });
      return { threads: info.threads, kernels: 'libtensorflow' };
    } catch (error) {
      return { skip: error instanceof Error ? error.message : String(error) };
    }
  }
  // Threads come from BERT_WASM_THREADS, set by the parent per row; BERT_BLAS=1 only in the wasm+blas row.
  let info: Awaited<ReturnType<typeof initBackend>>;
  try {
    info = await initBackend({ prefer: 'wasm' });
  } catch (error) {
    if (backend !== 'wasm+blas') throw error;
    return { skip: error instanceof Error ? error.message : String(error) };
  }
  if (backend === 'wasm+blas' && info.blas?.active) {
    return { threads: info.threads, kernels: `all ${info.kernelFixes.length} fixes + ${info.blas.library} matmuls` };
  }
  if (backend === 'wasm-stock') {
    restoreStockWasmKernels();
    // Stock wasm has no UnsortedSegmentSum (the gradient of tf.gather): without this one fix training throws.
    registerWasmKernelFixes([tf.UnsortedSegmentSum]);
    return { threads: 1, kernels: 'stock + UnsortedSegmentSum only (tf.dropout)' };
  }
  return { threads: info.threads, kernels: `all ${info.kernelFixes.length} fixes (fastDropout)` };
}

async function runRow(name: BenchConfig['name'], backend: BackendRow, steps: number, warmup: number) {
  const selected = await selectBackend(backend);
  if ('skip' in selected) return { config: name, backend, skipped: selected.skip } satisfies RowResult;
  const helpersReady = backend === 'wasm-threads' ? await waitForWasmThreads() : 0;
  const c = BENCH_CONFIGS[name];
  const config = resolveBertConfig({
    vocabSize: c.vocab,
    hiddenSize: c.hidden,
    numHiddenLayers: c.layers,
    numAttentionHeads: c.heads,
    intermediateSize: c.intermediate,
  });
  const model = new BertForPreTraining(config, { seed: SEED });
  const parameters = model.namedParameters();
  const optimizer = new AdamW(parameters);
  const lossFn = pretrainingLossFn();
  const batches = Array.from({ length: BATCHES }, (_, index) => benchBatch(c, SEED + index));
  let stepIndex = 0;
  // The trainer's own step: forward + MLM/NSP loss + backward, global-norm clip, one sync, AdamW update.
  const step = () => {
    const index = stepIndex++;
    return trainStep({
      model,
      parameters,
      optimizer,
      lossFn,
      microBatches: [batches[index % BATCHES]!],
      dropoutSeeds: [dropoutSeed(SEED, index, 0)],
      lr: LR,
      clipNorm: CLIP_NORM,
      step: index + 1,
    });
  };

  for (let i = 0; i < warmup; i++) await step();
  const tensorsBefore = tf.memory().numTensors;
  const times: number[] = [];
  let loss = Number.NaN;
  for (let i = 0; i < steps; i++) {
    const start = performance.now();
    loss = (await step()).loss;
    times.push(performance.now() - start);
  }
  if (tf.memory().numTensors !== tensorsBefore) {
    throw new Error(`tensor leak: ${tensorsBefore} → ${tf.memory().numTensors} tensors over ${steps} steps`);
  }
  // Memory on one more step, outside the timed ones (profiling adds per-kernel bookkeeping).
  const restingBytes = tf.memory().numBytes;
  const profile = await tf.profile(async () => {
    await step();
  });
  const wasm = (tf.backend() as { wasm?: { HEAPU8: Uint8Array } }).wasm;
  const sorted = [...times].sort((x, y) => x - y);
  const result: RowResult = {
    config: name,
    backend,
    msPerStep: sorted[Math.floor(sorted.length / 2)]!,
    times: times.map((t) => Math.round(t)),
    steps,
    warmup,
    threads: selected.threads,
    helpersReady,
    kernels: selected.kernels,
    peakBytes: profile.peakBytes,
    restingBytes,
    ...(wasm === undefined ? {} : { heapBytes: wasm.HEAPU8.buffer.byteLength }),
    loss,
    parameters: [...parameters.values()].reduce((sum, v) => sum + v.size, 0),
  };
  optimizer.dispose();
  model.dispose();
  return result;
}

const { values } = parseArgs({
  options: {
    config: { type: 'string' },
    backend: { type: 'string' },
    steps: { type: 'string', default: '10' },
    warmup: { type: 'string', default: '2' },
  },
});
const config = values.config as BenchConfig['name'];
const backend = values.backend as BackendRow;
if (!(config in BENCH_CONFIGS) || !BACKEND_ROWS.includes(backend)) {
  throw new Error(`--config (${values.config}) must be a|b and --backend (${values.backend}) one of ${BACKEND_ROWS}`);
}
const result = await runRow(config, backend, Number(values.steps), Number(values.warmup));
console.log(`ROW ${JSON.stringify(result)}`);
// GEMM helper threads and tfjs timers must not keep the process alive.
process.exit(0);
