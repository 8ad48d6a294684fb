import { BertForPreTraining, type BertConfig, bertPreset } from '@bert/model';
import type { RngStateProvider } from '../loop/trainer-options.js';
import type { PretrainingBatch } from '../pretraining/pretraining-batch.js';

/** The house test config (vocab 99, hidden 32, 2 layers, 4 heads, intermediate 37 to catch transposes). */
export function houseTinyConfig(overrides: Partial<BertConfig> = {}): BertConfig {
  return bertPreset('tiny', {
    vocabSize: 99,
    hiddenSize: 32,
    numAttentionHeads: 4,
    intermediateSize: 37,
    maxPositionEmbeddings: 40,
    ...overrides,
  });
}

/** `bertPreset('tiny')` (2 layers, H 128, 2 heads) with the test vocabulary. */
export function presetTinyConfig(overrides: Partial<BertConfig> = {}): BertConfig {
  return bertPreset('tiny', { vocabSize: 99, maxPositionEmbeddings: 40, ...overrides });
}

export function tinyModel(config: BertConfig = houseTinyConfig(), seed = 1): BertForPreTraining {
  return new BertForPreTraining(config, { seed });
}

/** Without dropout: micro-batches and their concatenation see the same function. */
export const NO_DROPOUT: Partial<BertConfig> = { hiddenDropoutProb: 0, attentionProbsDropoutProb: 0 };

/**
 * A small seedable RNG (mulberry32) with `getState`/`setState`, standing in for `@bert/data`'s `Rng` in tests.
 */
export class SyntheticRng implements RngStateProvider {
  #state: number;

  constructor(seed: number) {
    this.#state = seed >>> 0;
  }

  /** Uniform in [0, 1). */
  next(): number {
    this.#state = (this.#state + 0x6d2b79f5) >>> 0;
    let t = this.#state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  /** Integer in [low, high). */
  int(low: number, high: number): number {
    return low + Math.floor(this.next() * (high - low));
  }

  getState(): number[] {
    return [this.#state];
  }

  setState(state: readonly number[]): void {
    this.#state = (state[0] ?? 0) >>> 0;
  }
}

export interface SyntheticShape {
  readonly batchSize?: number;
  readonly seqLength?: number;
  readonly maxPredictions?: number;
  readonly vocabSize?: number;
}

/**
 * A random but valid pretraining batch drawn from `rng`: [CLS] = 2 first, some padding, 1…P real predictions per
 * sequence (padded slots weight 0, id 0), random NSP labels. Different batches have different numbers of
 * predictions, which is what makes accumulation weighting matter.
 */
export function syntheticBatch(rng: SyntheticRng, shape: SyntheticShape = {}): PretrainingBatch {
  const { batchSize: B = 2, seqLength: T = 12, maxPredictions: P = 3, vocabSize: V = 99 } = shape;
  const inputIds = new Int32Array(B * T);
  const tokenTypeIds = new Int32Array(B * T);
  const attentionMask = new Int32Array(B * T);
  const maskedPositions = new Int32Array(B * P);
  const maskedIds = new Int32Array(B * P);
  const maskedWeights = new Float32Array(B * P);
  const nextSentenceLabel = new Int32Array(B);
  for (let row = 0; row < B; row++) {
    const length = rng.int(Math.max(P + 2, Math.ceil(T / 2)), T + 1);
    const split = rng.int(2, length);
    for (let position = 0; position < length; position++) {
      inputIds[row * T + position] = position === 0 ? 2 : rng.int(5, V);
      tokenTypeIds[row * T + position] = position >= split ? 1 : 0;
      attentionMask[row * T + position] = 1;
    }
    const predictions = rng.int(1, P + 1);
    const used = new Set<number>();
    for (let slot = 0; slot < predictions; slot++) {
      let position = rng.int(1, length);
      while (used.has(position)) position = 1 + (position % (length - 1));
      used.add(position);
      maskedPositions[row * P + slot] = position;
      maskedIds[row * P + slot] = inputIds[row * T + position] as number;
      maskedWeights[row * P + slot] = 1;
      inputIds[row * T + position] = 4; // [MASK]
    }
    nextSentenceLabel[row] = rng.int(0, 2);
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

/** `count` batches drawn lazily from `rng` each time it is iterated (an epoch), with a known `length`. */
export function lazyEpochs(
  rng: SyntheticRng,
  count: number,
  shape: SyntheticShape = {},
): Iterable<PretrainingBatch> & { length: number } {
  return {
    length: count,
    *[Symbol.iterator]() {
      for (let index = 0; index < count; index++) yield syntheticBatch(rng, shape);
    },
  };
}

/** Rows of several batches (same T and P) as one batch. */
export function concatBatches(batches: readonly PretrainingBatch[]): PretrainingBatch {
  const first = batches[0] as PretrainingBatch;
  const join = <A extends Int32Array | Float32Array>(
    pick: (batch: PretrainingBatch) => A,
    make: new (n: number) => A,
  ): A => {
    const out = new make(batches.reduce((sum, batch) => sum + pick(batch).length, 0));
    let offset = 0;
    for (const batch of batches) {
      out.set(pick(batch) as never, offset);
      offset += pick(batch).length;
    }
    return out;
  };
  return {
    batchSize: batches.reduce((sum, batch) => sum + batch.batchSize, 0),
    seqLength: first.seqLength,
    maxPredictions: first.maxPredictions,
    inputIds: join((b) => b.inputIds, Int32Array),
    tokenTypeIds: join((b) => b.tokenTypeIds, Int32Array),
    attentionMask: join((b) => b.attentionMask, Int32Array),
    maskedPositions: join((b) => b.maskedPositions, Int32Array),
    maskedIds: join((b) => b.maskedIds, Int32Array),
    maskedWeights: join((b) => b.maskedWeights, Float32Array),
    nextSentenceLabel: join((b) => b.nextSentenceLabel, Int32Array),
  };
}
