/**
 * The batches of one epoch, starting at micro-batch `start` (non-zero when resuming mid-epoch): a pipeline that can
 * seek (e.g. shuffles by (seed, epoch) and masks with the RNG provider) implements this to resume without replaying.
 */
export type EpochBatches<B> = (epoch: number, start: number) => Iterable<B> | AsyncIterable<B>;

/**
 * Where training batches come from. A plain (async) iterable is iterated anew each epoch — an array gives the same
 * batches every epoch; a generator object is one-shot and ends the run when exhausted. On resume the trainer replays
 * and drops the first `start` batches of the epoch, then restores the RNG state, so a lazy pipeline drawing from the
 * RNG provider continues exactly where the checkpoint left it. An `EpochBatches` function is asked for the epoch
 * from `start` instead, after the RNG state is restored.
 */
export type TrainBatches<B> = Iterable<B> | AsyncIterable<B> | EpochBatches<B>;

/** Micro-batches per epoch when the source says (arrays, or anything with a numeric `length`), else undefined. */
export function epochLength<B>(source: TrainBatches<B>): number | undefined {
  if (typeof source === 'function') return undefined;
  const length = (source as { length?: unknown }).length;
  return typeof length === 'number' && Number.isInteger(length) ? length : undefined;
}

/**
 * Opens epoch `epoch` positioned at micro-batch `start`. `beforeFirst` runs once the position is reached and
 * before the first batch is drawn (the trainer restores the RNG state there).
 */
export async function openEpoch<B>(
  source: TrainBatches<B>,
  epoch: number,
  start: number,
  beforeFirst: () => void,
): Promise<AsyncIterator<B>> {
  if (typeof source === 'function') {
    beforeFirst();
    return iteratorOf(source(epoch, start));
  }
  const iterator = iteratorOf(source);
  for (let skipped = 0; skipped < start; skipped++) {
    if ((await iterator.next()).done) break;
  }
  beforeFirst();
  return iterator;
}

function iteratorOf<B>(iterable: Iterable<B> | AsyncIterable<B>): AsyncIterator<B> {
  if (Symbol.asyncIterator in iterable) return iterable[Symbol.asyncIterator]();
  const iterator = (iterable as Iterable<B>)[Symbol.iterator]();
  return { next: async () => iterator.next() };
}
