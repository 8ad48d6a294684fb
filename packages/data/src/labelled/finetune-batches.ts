import { DataError } from '@bert/core';
import { planBatches } from '../batching/batch-plan';
import type { Rng } from '../random';
import { IGNORE_INDEX } from './align-labels';
import type { EncodedExample } from './finetune-features';

/**
 * A fine-tuning batch, row-major typed arrays padded to the longest row (T). Labels are [B] class ids (int32) or
 * targets (float32) for sequence tasks, [B·T] token label ids (-100 on special tokens, later pieces and padding) for
 * token classification. `indices` [B] are the rows' positions in the example list, to map predictions back.
 */
export interface FinetuneBatch {
  readonly batchSize: number; // B
  readonly seqLength: number; // T
  readonly inputIds: Int32Array; // [B·T]
  readonly tokenTypeIds: Int32Array; // [B·T]
  readonly attentionMask: Int32Array; // [B·T], 1 real, 0 padding
  readonly labels: Int32Array | Float32Array; // [B] or [B·T]
  readonly indices: Int32Array; // [B]
}

/**
 * Pads `examples[indices]` into one batch (`padId` for ids, 0 for types and mask, -100 for token labels); sequence
 * labels are float32 with `regression`, else int32.
 */
export function collateExamples(
  examples: readonly EncodedExample[],
  indices: ArrayLike<number>,
  { padId, regression = false }: { readonly padId: number; readonly regression?: boolean },
): FinetuneBatch {
  const B = indices.length;
  const rows = Array.from({ length: B }, (_, row) => examples[indices[row] as number] as EncodedExample);
  const T = rows.reduce((max, example) => Math.max(max, example.inputIds.length), 0);
  const inputIds = new Int32Array(B * T).fill(padId); // [B·T]
  const tokenTypeIds = new Int32Array(B * T); // [B·T]
  const attentionMask = new Int32Array(B * T); // [B·T]
  const first = rows[0];
  const perToken = first !== undefined && typeof first.label !== 'number';
  const labels = perToken
    ? new Int32Array(B * T).fill(IGNORE_INDEX) // [B·T]
    : regression
      ? new Float32Array(B) // [B]
      : new Int32Array(B); // [B]
  rows.forEach((example, row) => {
    const length = example.inputIds.length;
    inputIds.set(example.inputIds, row * T);
    tokenTypeIds.set(example.tokenTypeIds, row * T);
    attentionMask.fill(1, row * T, row * T + length);
    if (perToken) {
      if (typeof example.label === 'number') throw new DataError('collateExamples: mixed token and sequence labels');
      labels.set(example.label, row * T);
    } else {
      if (typeof example.label !== 'number') throw new DataError('collateExamples: mixed token and sequence labels');
      labels[row] = example.label;
    }
  });
  return {
    batchSize: B,
    seqLength: T,
    inputIds,
    tokenTypeIds,
    attentionMask,
    labels,
    indices: Int32Array.from(indices),
  };
}

export interface FinetuneDatasetOptions {
  readonly batchSize: number;
  readonly padId: number;
  /** Regression: collate labels as float32 even when every target happens to be an integer. */
  readonly regression?: boolean;
  /** Sort within windows of batches by length so batches pad little (HF `group_by_length`). Default true. */
  readonly bucketByLength?: boolean;
  /** Shuffles each epoch (seeded by (seed, epoch), so any epoch can be replayed). */
  readonly rng: Rng;
}

/**
 * Training batches of encoded examples: every epoch a fresh shuffle derived from the Rng and the epoch number (so
 * `epoch(e, { fromBatch })` resumes exactly), length-bucketed by default. `inOrder()` gives evaluation batches in
 * file order.
 *
 * @example for (const batch of dataset.epoch(0)) trainStep(batch); // inputIds [B·T], labels [B] or [B·T]
 */
export class FinetuneDataset {
  readonly size: number;
  readonly batchSize: number;
  readonly #examples: readonly EncodedExample[];
  readonly #lengths: Int32Array; // [N]
  readonly #options: FinetuneDatasetOptions;
  readonly #seeds: Rng;
  readonly #collate: { readonly padId: number; readonly regression: boolean };

  constructor(examples: readonly EncodedExample[], options: FinetuneDatasetOptions) {
    if (!(Number.isInteger(options.batchSize) && options.batchSize >= 1)) {
      throw new DataError(`FinetuneDataset: batchSize (${options.batchSize}) must be an integer ≥ 1`);
    }
    if (examples.length === 0) throw new DataError('FinetuneDataset: no examples');
    this.size = examples.length;
    this.batchSize = options.batchSize;
    this.#examples = examples;
    this.#lengths = Int32Array.from(examples, (example) => example.inputIds.length);
    this.#options = options;
    this.#seeds = options.rng.fork();
    this.#collate = { padId: options.padId, regression: options.regression ?? false };
  }

  get batchesPerEpoch(): number {
    return Math.ceil(this.size / this.batchSize);
  }

  /** The shuffled (and bucketed) batches of epoch `epoch` as example indices. */
  batchIndices(epoch: number): Int32Array[] {
    const plan = {
      batchSize: this.batchSize,
      bucketByLength: this.#options.bucketByLength ?? true,
      bucketChunkBatches: 50,
      dropLast: false,
    };
    return planBatches(this.#lengths, plan, this.#seeds.derive(epoch));
  }

  *epoch(epoch: number, { fromBatch = 0 }: { fromBatch?: number } = {}): Generator<FinetuneBatch> {
    const batches = this.batchIndices(epoch);
    for (let batch = fromBatch; batch < batches.length; batch++) {
      yield collateExamples(this.#examples, batches[batch] as Int32Array, this.#collate);
    }
  }

  /** Batches in example order (evaluation, prediction). */
  *inOrder(): Generator<FinetuneBatch> {
    for (let start = 0; start < this.size; start += this.batchSize) {
      const indices = Int32Array.from(
        { length: Math.min(this.batchSize, this.size - start) },
        (_, offset) => start + offset,
      );
      yield collateExamples(this.#examples, indices, this.#collate);
    }
  }
}
