// npm run bench:pretrain — training throughput of the default run's configuration (mini BERT, BPE 8000 on Brown,
// sequences of ≤ 128 tokens, batch 16) on wasm, with and without length bucketing, and the padding bucketing saves.
// A script that prints a report, not a timed test. Flags: --steps N (measured steps per variant, default 16).
import { cpus, loadavg } from 'node:os';
import { PretrainingDataset, Rng } from '@bert/data';
import { BertForPreTraining, bertPreset, describeBlas, initBackend, waitForWasmThreads } from '@bert/model';
import { AdamW, type PretrainingBatch, pretrainingLossFn, trainStep } from '@bert/trainer';
import { PRETRAIN_DEFAULTS, preparePretrainingData, resolveCommand } from '../src/index.js';

const stepsFlag = process.argv.indexOf('--steps');
const measured = stepsFlag === -1 ? 16 : Number(process.argv[stepsFlag + 1]);
const warmup = 2;

const info = await initBackend({ prefer: 'wasm' });
await waitForWasmThreads();
const command = resolveCommand({});
if (command.mode !== 'pretrain') throw new Error('the default run is not a pretraining run');
const options = command.options;
console.log(
  `bench:pretrain — default run config: preset ${options.preset}, ${options.tokenizer} ${options.vocabSize}, ` +
    `max-seq-length ${options.maxSeqLength}, batch ${options.batchSize}, ${options.objective}`,
);
console.log(
  `machine: ${cpus().length} × ${cpus()[0]?.model ?? '?'}; load average ${loadavg()
    .map((value) => value.toFixed(2))
    .join(
      ' ',
    )}; backend ${info.name} (${info.threads} threads, SIMD ${info.simd}); matrix products: ${describeBlas(info.blas)}`,
);

const started = performance.now();
const data = await preparePretrainingData(options, { say: (line) => console.log(`  ${line}`) });
console.log(`data ready in ${((performance.now() - started) / 1000).toFixed(1)} s`);

const special = data.special;
const plain = new PretrainingDataset(
  // The same instances, batched in shuffled order without bucketing.
  data.trainInstances,
  {
    batchSize: options.batchSize,
    maxSeqLength: options.maxSeqLength,
    maxPredictions: options.maxPredictions,
    masking: 'dynamic',
    specialTokens: special,
    rng: new Rng(options.seed),
  },
);

const model = new BertForPreTraining(
  bertPreset(options.preset, { vocabSize: special.vocabSize, padTokenId: special.pad }),
  { seed: 1 },
);
const optimizer = new AdamW(model.namedParameters());
const lossFn = pretrainingLossFn();
const parameters = model.namedParameters();
let step = 0;

interface Totals {
  realTokens: number;
  slots: number;
  seconds: number;
}

async function timedStep(batch: PretrainingBatch, index: number, totals: Totals | undefined): Promise<void> {
  const t0 = performance.now();
  await trainStep({
    model,
    parameters,
    optimizer,
    lossFn,
    microBatches: [batch],
    dropoutSeeds: [index],
    lr: 1e-4,
    clipNorm: 1,
    step: ++step,
  });
  if (totals === undefined) return;
  totals.seconds += (performance.now() - t0) / 1000;
  totals.slots += batch.batchSize * batch.seqLength;
  for (const value of batch.attentionMask) totals.realTokens += value;
}

function report(label: string, totals: Totals): number {
  const padding = 1 - totals.realTokens / totals.slots;
  console.log(
    `${label.padEnd(22)} ${(totals.realTokens / totals.seconds).toFixed(0).padStart(6)} tokens/s  ` +
      `(${(totals.slots / totals.seconds).toFixed(0)} positions/s, ${(totals.seconds / measured).toFixed(2)} s/step, padding ${(padding * 100).toFixed(1)}%)`,
  );
  return totals.realTokens / totals.seconds;
}

console.log(
  `\ntraining steps (forward + backward + AdamW), ${warmup} warm-up + ${measured} measured each, the two kinds alternating:`,
);
const bucketedBatches = data.train.epoch(0)[Symbol.iterator]();
const plainBatches = plain.epoch(0)[Symbol.iterator]();
const bucketedTotals: Totals = { realTokens: 0, slots: 0, seconds: 0 };
const plainTotals: Totals = { realTokens: 0, slots: 0, seconds: 0 };
for (let index = 0; index < warmup + measured; index++) {
  const timed = index >= warmup;
  await timedStep(bucketedBatches.next().value as PretrainingBatch, index, timed ? bucketedTotals : undefined);
  await timedStep(plainBatches.next().value as PretrainingBatch, index, timed ? plainTotals : undefined);
}
const bucketed = report('length-bucketed', bucketedTotals);
const unbucketed = report('shuffled, no bucketing', plainTotals);
console.log(
  `\npadding over a whole epoch: ${(data.padding.unbucketed * 100).toFixed(1)}% without bucketing → ` +
    `${(data.padding.bucketed * 100).toFixed(1)}% with it (${((data.padding.unbucketed - data.padding.bucketed) * 100).toFixed(1)} points of the B·T positions saved)`,
);
console.log(
  `real tokens/s, bucketed vs not: ${bucketed.toFixed(0)} vs ${unbucketed.toFixed(0)} (×${(bucketed / unbucketed).toFixed(2)})`,
);
const stepsInTenMinutes = Math.floor(
  (600 * bucketed) / (options.batchSize * options.maxSeqLength * (1 - data.padding.bucketed)),
);
console.log(
  `at this speed 10 minutes hold ≈ ${stepsInTenMinutes} steps; the default run does ${PRETRAIN_DEFAULTS.steps}`,
);
optimizer.dispose();
model.dispose();
