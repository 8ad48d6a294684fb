/**
 * Padding and throughput of the pretraining data pipeline on the Brown corpus, the default pretraining setup:
 * BPE tokenizer (vocab 8000) trained here, NSP pairs at maxSeqLength 128, batch 16, dynamic masking.
 *
 *   npx vite-node bench/padding-bench.ts          (from packages/data)
 *
 * Prints a report; nothing is asserted (benchmarks are scripts, not tests).
 */
import { createTrainingPipeline, finishBertPipeline } from '@bert/tokenizer';
import {
  createFullSentenceInstances,
  createNspInstances,
  createSopInstances,
  instanceLength,
  loadCorpus,
  PretrainingDataset,
  Rng,
  specialTokenIds,
  tokenizeDocuments,
  type TrainingInstance,
} from '../src/index';

const MAX_SEQ_LENGTH = 128;
const BATCH_SIZE = 16;
const MAX_PREDICTIONS = 20;

function seconds(start: number): number {
  return (performance.now() - start) / 1000;
}

let start = performance.now();
const documents = await loadCorpus(undefined);
const loadSeconds = seconds(start);

start = performance.now();
const { tokenizer, trainer } = createTrainingPipeline({ model: 'bpe', vocabSize: 8000 });
tokenizer.train(
  trainer,
  documents.flatMap((document) => document.sentences),
);
finishBertPipeline(tokenizer);
const trainSeconds = seconds(start);

start = performance.now();
const tokenized = tokenizeDocuments(documents, tokenizer);
const tokenizeSeconds = seconds(start);
const tokens = tokenized.reduce((sum, document) => sum + document.sentences.reduce((n, s) => n + s.ids.length, 0), 0);

const special = specialTokenIds(tokenizer);
const rng = new Rng(42);

function describe(name: string, instances: readonly TrainingInstance[], buildSeconds: number): void {
  const labels = instances.filter((instance) => instance.nextSentenceLabel === 1).length;
  const meanLength = instances.reduce((sum, instance) => sum + instanceLength(instance), 0) / instances.length;
  console.log(
    `${name.padEnd(15)} ${String(instances.length).padStart(6)} instances in ${buildSeconds.toFixed(2)} s` +
      `  mean length ${meanLength.toFixed(1)}  label-1 share ${((100 * labels) / instances.length).toFixed(1)}%`,
  );
}

start = performance.now();
const nsp = createNspInstances(tokenized, { maxSeqLength: MAX_SEQ_LENGTH, rng });
const nspSeconds = seconds(start);
start = performance.now();
const sop = createSopInstances(tokenized, { maxSeqLength: MAX_SEQ_LENGTH, rng });
const sopSeconds = seconds(start);
start = performance.now();
const full = createFullSentenceInstances(tokenized, { maxSeqLength: MAX_SEQ_LENGTH, separatorId: special.sep, rng });
const fullSeconds = seconds(start);

console.log(`Brown corpus: ${documents.length} documents, ${tokens} tokens (BPE ${tokenizer.getVocabSize()})`);
console.log(
  `load ${loadSeconds.toFixed(2)} s, tokenizer training ${trainSeconds.toFixed(2)} s, tokenize ${tokenizeSeconds.toFixed(2)} s (${Math.round(tokens / tokenizeSeconds)} tokens/s)\n`,
);
describe('NSP', nsp, nspSeconds);
describe('SOP', sop, sopSeconds);
describe('FULL-SENTENCES', full, fullSeconds);

/** Sentence-level data (one sentence per row, as in fine-tuning): where bucketing matters most. */
const sentences: TrainingInstance[] = tokenized.flatMap((document) =>
  document.sentences
    .filter((sentence) => sentence.ids.length <= MAX_SEQ_LENGTH - 2)
    .map((sentence) => ({ tokensA: sentence.ids, wordStartsA: sentence.wordStarts, nextSentenceLabel: -100 })),
);

console.log(
  `\npadding fraction, batch ${BATCH_SIZE}, maxSeqLength ${MAX_SEQ_LENGTH} (pad to the longest row of each batch):`,
);
for (const [name, instances] of [
  ['NSP', nsp],
  ['FULL-SENTENCES', full],
  ['single sentences', sentences],
] as const) {
  const options = {
    batchSize: BATCH_SIZE,
    maxSeqLength: MAX_SEQ_LENGTH,
    maxPredictions: MAX_PREDICTIONS,
    masking: 'dynamic',
    specialTokens: special,
  } as const;
  const plain = new PretrainingDataset(instances, { ...options, rng: new Rng(1) });
  const bucketed = new PretrainingDataset(instances, { ...options, bucketByLength: true, rng: new Rng(1) });
  const fixed =
    1 - instances.reduce((sum, instance) => sum + instanceLength(instance), 0) / (instances.length * MAX_SEQ_LENGTH);
  console.log(
    `  ${name.padEnd(17)} fixed ${MAX_SEQ_LENGTH}: ${(100 * fixed).toFixed(1)}%   longest-in-batch: ${(100 * plain.paddingFraction(0)).toFixed(1)}%` +
      `   + bucketing: ${(100 * bucketed.paddingFraction(0)).toFixed(1)}%`,
  );
}

console.log('\nthroughput (instances/s, one epoch; masking + collation, then the whole pipeline from text):');
for (const [name, extra] of [
  ['dynamic', {}],
  ['dynamic, whole-word', { wholeWordMask: true }],
  ['dynamic, span', { spanMasking: true }],
  ['static (1st epoch masks)', { masking: 'static' as const }],
] as const) {
  const dataset = new PretrainingDataset(nsp, {
    batchSize: BATCH_SIZE,
    maxSeqLength: MAX_SEQ_LENGTH,
    maxPredictions: MAX_PREDICTIONS,
    masking: 'dynamic',
    specialTokens: special,
    bucketByLength: true,
    rng: new Rng(3),
    ...extra,
  });
  start = performance.now();
  let rows = 0;
  for (const batch of dataset.epoch(0)) rows += batch.batchSize;
  console.log(`  ${name.padEnd(26)} ${Math.round(rows / seconds(start))} instances/s`);
}
const pipelineSeconds = tokenizeSeconds + nspSeconds;
start = performance.now();
for (const _batch of new PretrainingDataset(nsp, {
  batchSize: BATCH_SIZE,
  maxSeqLength: MAX_SEQ_LENGTH,
  maxPredictions: MAX_PREDICTIONS,
  masking: 'dynamic',
  specialTokens: special,
  rng: new Rng(4),
}).epoch(0)) {
  // consume
}
const total = pipelineSeconds + seconds(start);
console.log(
  `  text → batches (tokenize + NSP + mask + collate): ${Math.round(nsp.length / total)} instances/s (${total.toFixed(2)} s for ${nsp.length})`,
);
