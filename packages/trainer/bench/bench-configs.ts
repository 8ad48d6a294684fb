// The two training configurations of `npm run bench:train` and their synthetic, seeded batches. Shared by the
// parent (labels) and the row processes (model + data); `torch_train_step.py` mirrors both.
import type { PretrainingBatch } from '../src/index.js';

export interface BenchConfig {
  readonly name: 'a' | 'b';
  readonly label: string;
  readonly layers: number;
  readonly hidden: number; // H
  readonly heads: number; // N
  readonly intermediate: number;
  readonly seq: number; // T
  readonly batch: number; // B
  readonly masked: number; // P
  readonly vocab: number; // V
}

export const BENCH_CONFIGS: Readonly<Record<BenchConfig['name'], BenchConfig>> = {
  a: {
    name: 'a',
    label: "course's",
    layers: 6,
    hidden: 768,
    heads: 12,
    intermediate: 3072,
    seq: 30,
    batch: 6,
    masked: 5,
    vocab: 30,
  },
  b: {
    name: 'b',
    label: 'mini-like',
    layers: 4,
    hidden: 256,
    heads: 4,
    intermediate: 1024,
    seq: 128,
    batch: 16,
    masked: 20,
    vocab: 8000,
  },
};

export const BACKEND_ROWS = ['wasm-stock', 'wasm', 'wasm-threads', 'wasm+blas', 'tfjs-node'] as const;
export type BackendRow = (typeof BACKEND_ROWS)[number];

/** What a row reports to the parent (`skipped` set: nothing was measured). */
export interface RowResult {
  readonly config: BenchConfig['name'];
  readonly backend: BackendRow;
  readonly skipped?: string;
  readonly msPerStep?: number;
  readonly times?: number[];
  readonly steps?: number;
  readonly warmup?: number;
  /** Threads of the matrix products (wasm: ours; native: cores), helper threads that were ready. */
  readonly threads?: number;
  readonly helpersReady?: number;
  readonly kernels?: string;
  /** Peak `tf.memory().numBytes` during one (profiled, untimed) step, and before it (weights + moments). */
  readonly peakBytes?: number;
  readonly restingBytes?: number;
  /** wasm: size of the wasm heap at the end (it only grows, so this is the row's high-water mark). */
  readonly heapBytes?: number;
  readonly loss?: number;
  readonly parameters?: number;
}

export function describeConfig(c: BenchConfig): string {
  return (
    `${c.label}: ${c.layers} layers, H ${c.hidden}, ${c.heads} heads, intermediate ${c.intermediate}, ` +
    `T ${c.seq}, B ${c.batch}, P ${c.masked}, V ${c.vocab}`
  );
}

/** mulberry32: small, seedable, the same stream in every process. */
function rng(seed: number): (n: number) => number {
  let state = seed >>> 0;
  return (n) => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return Math.floor((((t ^ (t >>> 14)) >>> 0) / 4294967296) * n);
  };
}

/**
 * A full pretraining batch: [CLS] (id 2) first, the last 2 positions padding (mask 0, id 0), segment B from the
 * middle, exactly P distinct masked positions per row (weight 1, replaced by [MASK] = 4), random NSP labels.
 * Ids 0–4 are special, so words are drawn from [5, V).
 */
export function benchBatch(c: BenchConfig, seed: number): PretrainingBatch {
  const { batch: B, seq: T, masked: P, vocab: V } = c;
  const next = rng(seed);
  const real = T - 2;
  const inputIds = new Int32Array(B * T);
  const tokenTypeIds = new Int32Array(B * T);
  const attentionMask = new Int32Array(B * T);
  const maskedPositions = new Int32Array(B * P);
  const maskedIds = new Int32Array(B * P);
  const maskedWeights = new Float32Array(B * P).fill(1);
  const nextSentenceLabel = new Int32Array(B);
  for (let row = 0; row < B; row++) {
    for (let t = 0; t < real; t++) {
      inputIds[row * T + t] = t === 0 ? 2 : 5 + next(V - 5);
      tokenTypeIds[row * T + t] = t >= real / 2 ? 1 : 0;
      attentionMask[row * T + t] = 1;
    }
    const used = new Set<number>();
    for (let slot = 0; slot < P; slot++) {
      let position = 1 + next(real - 1);
      while (used.has(position)) position = 1 + (position % (real - 1));
      used.add(position);
      maskedPositions[row * P + slot] = position;
      maskedIds[row * P + slot] = inputIds[row * T + position]!;
      inputIds[row * T + position] = 4;
    }
    nextSentenceLabel[row] = next(2);
  }
  return {
    batchSize: B,
    seqLength: T,
    maxPredictions: P,
    inputIds,
    tokenTypeIds,
    attentionMask,
    maskedPositions,
    maskedIds,
    maskedWeights,
    nextSentenceLabel,
  };
}
