import { describe, expect, it } from 'vitest';
import { createFullSentenceInstances } from '../pairs/full-sentence-instances';
import { createNspInstances } from '../pairs/pair-instances';
import type { TrainingInstance } from '../pairs/training-instance';
import { Rng } from '../random';
import { syntheticCorpus } from '../test-support/synthetic-corpus';
import type { SpecialTokenIds } from '../tokenize/special-token-ids';
import { maskedLabels, type PretrainingBatch } from './pretraining-batch';
import { PretrainingDataset, type PretrainingDatasetOptions } from './pretraining-dataset';
import { splitTrainEval } from './split-train-eval';

const special: SpecialTokenIds = { pad: 0, cls: 2, sep: 3, mask: 4, all: [0, 1, 2, 3, 4], vocabSize: 100_000_000 };
const corpus = syntheticCorpus(12, 60, { minLength: 2, maxLength: 30 });
const instances = createNspInstances(corpus, { maxSeqLength: 64, rng: new Rng(1) });

function options(overrides: Partial<PretrainingDatasetOptions> = {}): PretrainingDatasetOptions {
  return {
    batchSize: 8,
    maxSeqLength: 64,
    maxPredictions: 10,
    masking: 'dynamic',
    specialTokens: special,
    rng: new Rng(7),
    ...overrides,
  };
}

/** Row r of a batch with the masked positions restored: must equal [CLS] A [SEP] B [SEP] of its instance. */
function unmaskedRow(batch: PretrainingBatch, row: number): number[] {
  const T = batch.seqLength;
  const ids = [...batch.inputIds.subarray(row * T, (row + 1) * T)];
  for (let slot = 0; slot < batch.maxPredictions; slot++) {
    const index = row * batch.maxPredictions + slot;
    if (batch.maskedWeights[index] === 1) ids[batch.maskedPositions[index]!] = batch.maskedIds[index]!;
  }
  return ids;
}

function layout(instance: TrainingInstance): number[] {
  return [2, ...instance.tokensA, 3, ...(instance.tokensB ? [...instance.tokensB, 3] : [])];
}

/** Per instance index: its masked row in this epoch (to compare masks independently of the order). */
function masksByInstance(dataset: PretrainingDataset, epoch: number): Map<number, string> {
  const byInstance = new Map<number, string>();
  const indices = dataset.batchIndices(epoch);
  [...dataset.epoch(epoch)].forEach((batch, b) => {
    indices[b]!.forEach((instance, row) => {
      byInstance.set(
        instance,
        [
          ...batch.inputIds.subarray(
            row * batch.seqLength,
            row * batch.seqLength + layout(instances[instance]!).length,
          ),
        ].join(','),
      );
    });
  });
  return byInstance;
}

describe('PretrainingDataset', () => {
  it('lays out [CLS] A [SEP] B [SEP] with type ids, pads to the longest row, and fills the prediction slots', () => {
    const dataset = new PretrainingDataset(instances, options());
    const indices = dataset.batchIndices(0);
    let batches = 0;
    for (const batch of dataset.epoch(0)) {
      const { batchSize: B, seqLength: T, maxPredictions: P } = batch;
      const rows = indices[batches++]!;
      expect(B).toBe(rows.length);
      expect([batch.inputIds.length, batch.tokenTypeIds.length, batch.attentionMask.length]).toEqual([
        B * T,
        B * T,
        B * T,
      ]);
      expect([
        batch.maskedPositions.length,
        batch.maskedIds.length,
        batch.maskedWeights.length,
        batch.nextSentenceLabel.length,
      ]).toEqual([B * P, B * P, B * P, B]);
      expect(T).toBe(Math.max(...[...rows].map((index) => layout(instances[index]!).length)));
      expect(T).toBeLessThanOrEqual(64);
      rows.forEach((index, row) => {
        const instance = instances[index]!;
        const expected = layout(instance);
        const L = expected.length;
        expect(unmaskedRow(batch, row)).toEqual([...expected, ...new Array<number>(T - L).fill(0)]);
        const types = [...batch.tokenTypeIds.subarray(row * T, (row + 1) * T)];
        expect(types).toEqual([
          ...new Array<number>(instance.tokensA.length + 2).fill(0),
          ...new Array<number>(L - instance.tokensA.length - 2).fill(1),
          ...new Array<number>(T - L).fill(0),
        ]);
        expect([...batch.attentionMask.subarray(row * T, (row + 1) * T)]).toEqual([
          ...new Array<number>(L).fill(1),
          ...new Array<number>(T - L).fill(0),
        ]);
        expect(batch.nextSentenceLabel[row]).toBe(instance.nextSentenceLabel);
        const weights = [...batch.maskedWeights.subarray(row * P, (row + 1) * P)];
        const real = weights.filter((weight) => weight === 1).length;
        expect(real).toBe(Math.min(10, Math.max(1, Math.round(L * 0.15))));
        expect(weights).toEqual([...new Array<number>(real).fill(1), ...new Array<number>(P - real).fill(0)]);
        for (let slot = 0; slot < real; slot++) {
          const position = batch.maskedPositions[row * P + slot]!;
          expect(position > 0 && position < L - 1 && expected[position] !== 3).toBe(true);
        }
      });
    }
    expect(batches).toBe(dataset.batchesPerEpoch);
    expect(indices.flatMap((batch) => [...batch]).sort((a, b) => a - b)).toEqual(instances.map((_, index) => index));
  });

  it('gives identical batches for the same seed, and resumes mid-epoch or from a restored Rng state', () => {
    const first = [...new PretrainingDataset(instances, options()).epoch(1)];
    expect([...new PretrainingDataset(instances, options()).epoch(1)]).toEqual(first);
    const dataset = new PretrainingDataset(instances, options());
    expect([...dataset.epoch(1, { fromBatch: 5 })]).toEqual(first.slice(5));
    expect([...dataset.epoch(1)]).toEqual([...dataset.epoch(1)]); // epoch(n) has no hidden state
    // A trainer checkpoints the Rng state it had before building the dataset; restoring it rebuilds the same data.
    const rng = new Rng(123);
    rng.next();
    const saved = rng.getState();
    const a = [...new PretrainingDataset(instances, options({ rng })).epoch(0)];
    const b = [...new PretrainingDataset(instances, options({ rng: Rng.fromState(saved) })).epoch(0)];
    expect(b).toEqual(a);
    expect(rng.getState()).not.toEqual(saved); // the constructor consumed draws
    expect([...new PretrainingDataset(instances, options({ rng: new Rng(8) })).epoch(1)]).not.toEqual(first);
  });

  it('re-masks every epoch when dynamic, repeats when static, and cycles dupeFactor static copies', () => {
    const dynamic = new PretrainingDataset(instances, options());
    const d0 = masksByInstance(dynamic, 0);
    const d1 = masksByInstance(dynamic, 1);
    const changed = [...d0.keys()].filter((index) => d0.get(index) !== d1.get(index)).length;
    expect(changed / d0.size).toBeGreaterThan(0.9);
    expect(dynamic.batchIndices(0)).not.toEqual(dynamic.batchIndices(1)); // order reshuffled too

    const fixed = new PretrainingDataset(instances, options({ masking: 'static' }));
    expect(masksByInstance(fixed, 1)).toEqual(masksByInstance(fixed, 0));
    expect(fixed.batchIndices(0)).not.toEqual(fixed.batchIndices(1));

    const copies = new PretrainingDataset(instances, options({ masking: 'static', dupeFactor: 2 }));
    const c0 = masksByInstance(copies, 0);
    expect(masksByInstance(copies, 2)).toEqual(c0);
    expect(masksByInstance(copies, 1)).not.toEqual(c0);
  });

  it('pads less with length bucketing', () => {
    // lengths uniform in 3…64, like sentence-level fine-tuning data
    const lengthRng = new Rng(5);
    const varied: TrainingInstance[] = Array.from({ length: 800 }, () => {
      const length = 1 + lengthRng.int(62);
      return {
        tokensA: new Int32Array(length).fill(50),
        wordStartsA: new Uint8Array(length).fill(1),
        nextSentenceLabel: -100,
      };
    });
    const plain = new PretrainingDataset(varied, options({ batchSize: 16 }));
    const bucketed = new PretrainingDataset(
      varied,
      options({ batchSize: 16, bucketByLength: true, bucketChunkBatches: 10 }),
    );
    expect(plain.paddingFraction(0)).toBeGreaterThan(0.4);
    expect(bucketed.paddingFraction(0)).toBeLessThan(0.1);
    const covered = bucketed
      .batchIndices(3)
      .flatMap((batch) => [...batch])
      .sort((a, b) => a - b);
    expect(covered).toEqual(varied.map((_, index) => index));
    // batch lengths are shuffled, not sorted through the epoch
    const maxima = bucketed
      .batchIndices(0)
      .map((batch) => Math.max(...[...batch].map((index) => varied[index]!.tokensA.length)));
    expect(maxima).not.toEqual([...maxima].sort((a, b) => a - b));
    const batches = [...bucketed.epoch(0)];
    const padding = batches.reduce((sum, batch) => sum + batch.attentionMask.filter((flag) => flag === 0).length, 0);
    const total = batches.reduce((sum, batch) => sum + batch.attentionMask.length, 0);
    expect(padding / total).toBeCloseTo(bucketed.paddingFraction(0), 10);
  });

  it('drops the last partial batch on request', () => {
    const dataset = new PretrainingDataset(instances.slice(0, 21), options({ batchSize: 4, dropLast: true }));
    expect(dataset.batchesPerEpoch).toBe(5);
    expect([...dataset.epoch(0)].map((batch) => batch.batchSize)).toEqual([4, 4, 4, 4, 4]);
    expect(new PretrainingDataset(instances.slice(0, 21), options({ batchSize: 4 })).batchesPerEpoch).toBe(6);
  });

  it('handles FULL-SENTENCES instances: one segment, label -100, separators never masked', () => {
    const packed = createFullSentenceInstances(corpus, { maxSeqLength: 64, separatorId: 3, rng: new Rng(2) });
    const dataset = new PretrainingDataset(packed, options({ maxPredictions: 20 }));
    for (const batch of dataset.epoch(0)) {
      expect(batch.tokenTypeIds.every((type) => type === 0)).toBe(true);
      expect(batch.nextSentenceLabel.every((label) => label === -100)).toBe(true);
      const labels = maskedLabels(batch);
      for (let index = 0; index < labels.length; index++) {
        if (labels[index] !== -100) expect([0, 2, 3]).not.toContain(labels[index]);
      }
    }
  });

  it('rejects bad options and instances in one line naming the field', () => {
    expect(() => new PretrainingDataset(instances, options({ maxSeqLength: 2 }))).toThrow(
      /^PretrainingDataset: maxSeqLength \(2\) must be an integer ≥ 3/,
    );
    expect(() => new PretrainingDataset(instances, options({ maxSeqLength: 32 }))).toThrow(
      /^PretrainingDataset: instance \d+ has \d+ tokens with \[CLS\]\/\[SEP\] \(A \d+, B \d+\); must be 3…maxSeqLength \(32\)$/,
    );
    expect(() => new PretrainingDataset([], options())).toThrow('PretrainingDataset: no instances');
    expect(() => new PretrainingDataset(instances, options({ batchSize: 0 }))).toThrow(
      'PretrainingDataset: batchSize (0) must be an integer ≥ 1',
    );
    expect(() => new PretrainingDataset(instances, options({ masking: 'sometimes' as 'static' }))).toThrow(
      `masking ("sometimes") must be 'static' or 'dynamic'`,
    );
  });
});

describe('splitTrainEval', () => {
  it('holds out round(N × fraction) items, disjoint and complete, deterministically', () => {
    const items = Array.from({ length: 1000 }, (_, k) => k);
    const { train, eval: held } = splitTrainEval(items, 0.1, new Rng(3));
    expect(held).toHaveLength(100);
    expect(train).toHaveLength(900);
    expect([...train, ...held].sort((a, b) => a - b)).toEqual(items);
    expect(train).toEqual([...train].sort((a, b) => a - b)); // input order kept
    expect(splitTrainEval(items, 0.1, new Rng(3)).eval).toEqual(held);
    expect(splitTrainEval(items, 0.1, new Rng(4)).eval).not.toEqual(held);
    expect(splitTrainEval([1], 0.5, new Rng(1))).toEqual({ train: [1], eval: [] });
    expect(() => splitTrainEval(items, 1, new Rng(1))).toThrow('splitTrainEval: evalFraction (1) must be in [0, 1)');
  });
});
