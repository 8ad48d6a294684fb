import { DataError } from '@bert/core';
import { createMasker, type MaskedInstance, type Masker } from '../masking/mask-instance';
import type { MaskingOptions } from '../masking/masking-options';
import { instanceLength, type TrainingInstance } from '../pairs/training-instance';
import type { Rng } from '../random';
import type { SpecialTokenIds } from '../tokenize/special-token-ids';
import { requireInteger } from '../validate';
import { type BatchPlanOptions, planBatches } from './batch-plan';
import { type InstanceSequence, instanceSequence } from './instance-sequence';
import { collateRows, type PretrainingBatch, paddingFraction } from './pretraining-batch';

export interface PretrainingDatasetOptions
  extends Pick<MaskingOptions, 'mlmProbability' | 'replaceRatios' | 'wholeWordMask' | 'spanMasking'> {
  readonly batchSize: number;
  /** Rows longer than this are an error (the pair builders never make them). */
  readonly maxSeqLength: number;
  /** P: prediction slots per row. */
  readonly maxPredictions: number;
  /** `'static'`: BERT, masks fixed once (`dupeFactor` copies, epoch e uses copy e mod dupeFactor); `'dynamic'`:
   * RoBERTa, a new mask every epoch. */
  readonly masking: 'static' | 'dynamic';
  /** Static masking only: how many differently masked copies are precomputed. Default 1. */
  readonly dupeFactor?: number;
  /** Group rows of similar length into batches (less padding). Default false. */
  readonly bucketByLength?: boolean;
  /** Bucketing window, in batches. Default 50. */
  readonly bucketChunkBatches?: number;
  /** Drop the epoch's last, smaller batch. Default false. */
  readonly dropLast?: boolean;
  /** [CLS]/[SEP]/[PAD]/[MASK] ids, every special id and V: `specialTokenIds(tokenizer)`. */
  readonly specialTokens: SpecialTokenIds;
  /** Consumed once at construction (four draws); the dataset then derives every epoch's randomness from them. */
  readonly rng: Rng;
}

const EPOCH_ORDER = 1;
const DYNAMIC_MASK = 2;
const STATIC_MASK = 3;

/**
 * Masked, padded, batched pretraining data over `TrainingInstance`s.
 *
 * Randomness: the constructor forks `options.rng` once; epoch e's order and every batch's masks are derived from
 * that fork by (e, batch) keys. So `epoch(e)` is the same whenever it is called, two datasets built from equal Rng
 * states give identical batches, and a trainer resumes mid-epoch with `epoch(e, { fromBatch })` after restoring the
 * Rng state it had before building the dataset.
 *
 * ```ts
 * const dataset = new PretrainingDataset(instances, { batchSize: 16, maxSeqLength: 128, maxPredictions: 20,
 *   masking: 'dynamic', specialTokens: specialTokenIds(tokenizer), rng });
 * for (const batch of dataset.epoch(0)) trainStep(batch); // inputIds [B·T], maskedPositions [B·P], …
 * ```
 */
export class PretrainingDataset {
  readonly size: number;
  readonly batchSize: number;
  readonly maxSeqLength: number;
  readonly maxPredictions: number;
  readonly masking: 'static' | 'dynamic';
  readonly dupeFactor: number;
  private readonly instances: readonly TrainingInstance[];
  private readonly lengths: Int32Array; // [N]
  private readonly planOptions: BatchPlanOptions;
  private readonly special: SpecialTokenIds;
  private readonly specialIds: ReadonlySet<number>;
  private readonly masker: Masker;
  private readonly seeds: Rng;
  private readonly staticCopies = new Map<number, MaskedInstance[]>();

  constructor(instances: readonly TrainingInstance[], options: PretrainingDatasetOptions) {
    const caller = 'PretrainingDataset';
    this.batchSize = requireInteger(`${caller}: batchSize`, options.batchSize, 1);
    this.maxSeqLength = requireInteger(
      `${caller}: maxSeqLength`,
      options.maxSeqLength,
      3,
      '[CLS] A [SEP] needs 2 special tokens and one token',
    );
    this.maxPredictions = requireInteger(`${caller}: maxPredictions`, options.maxPredictions, 1);
    if (options.masking !== 'static' && options.masking !== 'dynamic') {
      throw new DataError(`${caller}: masking (${JSON.stringify(options.masking)}) must be 'static' or 'dynamic'`);
    }
    this.masking = options.masking;
    this.dupeFactor = requireInteger(`${caller}: dupeFactor`, options.dupeFactor ?? 1, 1);
    if (instances.length === 0) throw new DataError(`${caller}: no instances (is the corpus empty?)`);
    this.planOptions = Object.freeze({
      batchSize: this.batchSize,
      bucketByLength: options.bucketByLength ?? false,
      bucketChunkBatches: requireInteger(`${caller}: bucketChunkBatches`, options.bucketChunkBatches ?? 50, 1),
      dropLast: options.dropLast ?? false,
    });
    this.special = options.specialTokens;
    this.specialIds = new Set(options.specialTokens.all);
    this.masker = createMasker({
      mlmProbability: options.mlmProbability,
      replaceRatios: options.replaceRatios,
      wholeWordMask: options.wholeWordMask,
      spanMasking: options.spanMasking,
      maskTokenId: options.specialTokens.mask,
      vocabSize: options.specialTokens.vocabSize,
      maxPredictions: this.maxPredictions,
      specialTokenIds: options.specialTokens.all,
    });
    this.instances = instances;
    this.size = instances.length;
    this.lengths = new Int32Array(instances.length);
    instances.forEach((instance, index) => {
      const length = instanceLength(instance);
      if (instance.tokensA.length === 0 || length > this.maxSeqLength) {
        const parts = `A ${instance.tokensA.length}${instance.tokensB ? `, B ${instance.tokensB.length}` : ''}`;
        throw new DataError(
          `${caller}: instance ${index} has ${length} tokens with [CLS]/[SEP] (${parts}); must be 3…maxSeqLength (${this.maxSeqLength})`,
        );
      }
      this.lengths[index] = length;
    });
    this.seeds = options.rng.fork();
  }

  /** Batches in every epoch. */
  get batchesPerEpoch(): number {
    return this.planOptions.dropLast ? Math.floor(this.size / this.batchSize) : Math.ceil(this.size / this.batchSize);
  }

  /** Epoch `epoch`'s batches as instance indices (shuffled, bucketed if asked). */
  batchIndices(epoch: number): Int32Array[] {
    requireInteger('PretrainingDataset.epoch', epoch, 0);
    return planBatches(this.lengths, this.planOptions, this.seeds.derive(EPOCH_ORDER, epoch));
  }

  /** Fraction of the B·T positions of epoch `epoch` that are padding (depends on bucketing, not on masking). */
  paddingFraction(epoch = 0): number {
    return paddingFraction(
      this.batchIndices(epoch).map((batch) => {
        const lengths = Array.from(batch, (index) => this.lengths[index] ?? 0);
        return { seqLength: Math.max(...lengths), lengths };
      }),
    );
  }

  /** The batches of epoch `epoch` (0-based), from batch `fromBatch` on (for resuming mid-epoch). */
  *epoch(epoch: number, { fromBatch = 0 }: { fromBatch?: number } = {}): Generator<PretrainingBatch> {
    const batches = this.batchIndices(epoch);
    requireInteger('PretrainingDataset.epoch: fromBatch', fromBatch, 0);
    for (let batch = fromBatch; batch < batches.length; batch++) {
      yield this.collate(batches[batch]!, epoch, batch);
    }
  }

  private staticCopy(copy: number): MaskedInstance[] {
    let masks = this.staticCopies.get(copy);
    if (masks === undefined) {
      const rng = this.seeds.derive(STATIC_MASK, copy);
      masks = this.instances.map((instance) => this.mask(instance, rng));
      this.staticCopies.set(copy, masks);
    }
    return masks;
  }

  private mask(instance: TrainingInstance, rng: Rng): MaskedInstance {
    const sequence: InstanceSequence = instanceSequence(instance, this.special, this.specialIds);
    return this.masker(sequence.ids, sequence.specialMask, sequence.wordStarts, rng);
  }

  private collate(indices: Int32Array, epoch: number, batchIndex: number): PretrainingBatch {
    let T = 0;
    for (const index of indices) T = Math.max(T, this.lengths[index] ?? 0);
    const copies = this.masking === 'static' ? this.staticCopy(epoch % this.dupeFactor) : undefined;
    const rng = copies ? undefined : this.seeds.derive(DYNAMIC_MASK, epoch, batchIndex);
    const rows = Array.from(indices, (index) => {
      const instance = this.instances[index]!;
      const masked = copies ? copies[index]! : this.mask(instance, rng!);
      return {
        inputIds: masked.inputIds,
        maskedPositions: masked.maskedPositions,
        maskedIds: masked.maskedIds,
        typeOneStart: instance.tokensB === undefined ? masked.inputIds.length : instance.tokensA.length + 2,
        nextSentenceLabel: instance.nextSentenceLabel,
      };
    });
    return collateRows(rows, T, this.maxPredictions, this.special.pad);
  }
}
