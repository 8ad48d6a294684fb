import type { Rng } from '../random';

export interface BatchPlanOptions {
  readonly batchSize: number;
  readonly bucketByLength: boolean;
  /** Bucketing sorts within windows of this many batches, so batches stay random across the epoch. */
  readonly bucketChunkBatches: number;
  readonly dropLast: boolean;
}

/**
 * An epoch's batches as instance indices. Without bucketing: a shuffled order cut into batches. With bucketing
 * (the "sort within chunks" of fairseq / HF `group_by_length`): the shuffled order is cut into windows of
 * `bucketChunkBatches` batches, each window sorted by length so that a batch holds similar lengths and pads little,
 * then the batches themselves are shuffled so that lengths do not drift through the epoch.
 *
 * `lengths` [N] are the instances' lengths with special tokens; returns one Int32Array [≤ batchSize] per batch.
 */
export function planBatches(lengths: Int32Array, options: BatchPlanOptions, rng: Rng): Int32Array[] {
  const count = lengths.length;
  const order = new Int32Array(count); // [N]
  for (let index = 0; index < count; index++) order[index] = index;
  rng.shuffle(order);
  if (options.bucketByLength) {
    const window = options.batchSize * options.bucketChunkBatches;
    for (let start = 0; start < count; start += window) {
      // TypedArray sort is not guaranteed stable, so ties break on the shuffled position.
      const slice = Array.from(order.subarray(start, Math.min(start + window, count)), (index, rank) => ({
        index,
        rank,
      }));
      slice.sort((a, b) => (lengths[a.index] ?? 0) - (lengths[b.index] ?? 0) || a.rank - b.rank);
      slice.forEach((entry, offset) => {
        order[start + offset] = entry.index;
      });
    }
  }
  const batches: Int32Array[] = [];
  for (let start = 0; start < count; start += options.batchSize) {
    const batch = order.slice(start, Math.min(start + options.batchSize, count));
    if (options.dropLast && batch.length < options.batchSize) break;
    batches.push(batch);
  }
  if (options.bucketByLength) rng.shuffle(batches);
  return batches;
}
