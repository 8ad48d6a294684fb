import { createTrainingPipeline, finishBertPipeline } from '@bert/tokenizer';
import { describe, expect, it } from 'vitest';
import { PretrainingDataset } from './batching/pretraining-dataset';
import { brownDocuments } from './corpus/brown-documents';
import { createNspInstances } from './pairs/pair-instances';
import { Rng } from './random';
import { specialTokenIds } from './tokenize/special-token-ids';
import { tokenizeDocuments } from './tokenize/tokenize-documents';

describe('Brown → tokenizer → NSP instances → batches (the README example, on 40 documents)', () => {
  const documents = brownDocuments().slice(0, 40);
  const { tokenizer, trainer } = createTrainingPipeline({ model: 'bpe', vocabSize: 2000 });
  tokenizer.train(
    trainer,
    documents.flatMap((document) => document.sentences),
  );
  finishBertPipeline(tokenizer);
  const rng = new Rng(42);
  const instances = createNspInstances(tokenizeDocuments(documents, tokenizer), { maxSeqLength: 128, rng });
  const dataset = new PretrainingDataset(instances, {
    batchSize: 16,
    maxSeqLength: 128,
    maxPredictions: 20,
    masking: 'dynamic',
    wholeWordMask: true,
    specialTokens: specialTokenIds(tokenizer),
    rng,
  });

  it('masks whole words of real text: a masked ## piece always has its whole word masked', () => {
    const mask = tokenizer.tokenToId('[MASK]');
    let continuationPieces = 0;
    let broken = 0;
    for (const batch of dataset.epoch(0)) {
      const { batchSize: B, seqLength: T, maxPredictions: P } = batch;
      expect(T).toBeLessThanOrEqual(128);
      for (let row = 0; row < B; row++) {
        const original = [...batch.inputIds.subarray(row * T, (row + 1) * T)];
        const masked = new Set<number>();
        for (let slot = 0; slot < P; slot++) {
          if (batch.maskedWeights[row * P + slot] === 0) continue;
          const position = batch.maskedPositions[row * P + slot]!;
          masked.add(position);
          original[position] = batch.maskedIds[row * P + slot]!;
        }
        const tokens = original.map((id) => tokenizer.idToToken(id) ?? '');
        for (let position = 1; position < T; position++) {
          if (!tokens[position]!.startsWith('##')) continue;
          // a piece and the piece before it belong to the same word: both masked or neither
          if (['[CLS]', '[SEP]'].includes(tokens[position - 1]!)) continue; // truncation cut the word's start off
          if (masked.has(position) !== masked.has(position - 1)) broken++;
          if (masked.has(position)) continuationPieces++;
        }
      }
      expect(batch.inputIds.includes(mask!)).toBe(true);
    }
    expect(broken).toBe(0);
    expect(continuationPieces).toBeGreaterThan(50);
  });
});
