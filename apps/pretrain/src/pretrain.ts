import { mkdir } from 'node:fs/promises';
import { join } from 'node:path';
import { AttentionSnapshots } from '@bert/attention';
import { asUsageError, writeFileAtomically } from '@bert/cli';
import { DataError } from '@bert/core';
import {
  type CorpusDocument,
  createFullSentenceInstances,
  createNspInstances,
  createSopInstances,
  loadCorpus,
  PretrainingDataset,
  Rng,
  type SpecialTokenIds,
  specialTokenIds,
  splitTrainEval,
  type TokenizedDocument,
  type TrainingInstance,
  tokenizeDocuments,
} from '@bert/data';
import {
  type BackendInfo,
  BertForPreTraining,
  bertPreset,
  countParameters,
  describeBackend,
  initBackend,
  maxSequenceLength,
  saveModel,
} from '@bert/model';
import { Tokenizer } from '@bert/tokenizer';
import {
  AdamW,
  evaluateLoss,
  type LogEntry,
  linearSchedule,
  type PretrainingBatch,
  prepareModelWeights,
  pretrainingLossFn,
  type StopReason,
  Trainer,
} from '@bert/trainer';
import type { PretrainOptions } from './options.js';
import { checkOutput, TOKENIZER_FILE } from './output-dir.js';
import { trainTokenizer } from './train-tokenizer.js';

export interface PretrainHooks {
  /** Status lines (corpus size, tokenizer, model, padding, …). */
  readonly say?: (line: string) => void;
  /** Every logged step and evaluation (the lines of metrics.jsonl). */
  readonly onLog?: (entry: LogEntry, totalSteps: number) => void;
  /** Non-fatal notices (e.g. resuming with a different schedule). */
  readonly warn?: (line: string) => void;
  /** Called with the flags worth saving once the run is known to be valid, before anything else is written. */
  readonly beforeWrite?: () => Promise<void>;
}

export interface PretrainResult {
  readonly output: string;
  readonly globalStep: number;
  readonly totalSteps: number;
  readonly stopReason: StopReason;
  /** The last training log line (loss, mlm, nsp, accuracies, tokens/s). */
  readonly lastTrain: LogEntry | undefined;
  /** The last evaluation on the held-out instances (`eval_loss`, `eval_mlm_accuracy`, …), if any. */
  readonly lastEval: LogEntry | undefined;
  readonly trainSeconds: number;
  /** Mean tokens/s over the logged steps of this invocation. */
  readonly tokensPerSecond: number;
  readonly backend: BackendInfo;
  readonly parameters: number;
  readonly vocabSize: number;
  readonly instances: { readonly train: number; readonly eval: number };
  /** Padding share of the first epoch's batches, with and without length bucketing. */
  readonly padding: { readonly bucketed: number; readonly unbucketed: number };
}

/** What a run trains on, built from the corpus and the tokenizer; shared with the benchmark. */
export interface PretrainingData {
  readonly tokenizer: Tokenizer;
  readonly special: SpecialTokenIds;
  readonly train: PretrainingDataset;
  /** The instances behind `train` (e.g. to batch them another way). */
  readonly trainInstances: readonly TrainingInstance[];
  readonly evalBatches: readonly PretrainingBatch[];
  readonly instances: { readonly train: number; readonly eval: number };
  readonly padding: { readonly bucketed: number; readonly unbucketed: number };
  /** Rng the datasets were built from; the trainer checkpoints its state. */
  readonly rng: Rng;
}

/**
 * Corpus → tokenizer (trained, or read from `tokenizerFile`) → tokenized documents → NSP / SOP / FULL-SENTENCES
 * instances → held-out split → a dynamically masked, length-bucketed training dataset and statically masked eval
 * batches. Deterministic in `options.seed`: a resumed run rebuilds exactly the same data.
 */
export async function preparePretrainingData(
  options: PretrainOptions,
  { tokenizerFile = options.tokenizerFile, say = () => {} }: { tokenizerFile?: string; say?: (line: string) => void },
): Promise<PretrainingData> {
  const documents = await loadCorpus(options.corpus.length === 0 ? undefined : options.corpus, {
    format: options.corpusFormat === 'text' ? 'text' : 'sentence-per-line',
  });
  const sentences = documents.reduce((sum, document) => sum + document.sentences.length, 0);
  const where = options.corpus.length === 0 ? 'Brown corpus' : options.corpus.join(', ');
  say(`corpus: ${where}: ${documents.length} documents, ${sentences} sentences`);

  let tokenizer: Tokenizer;
  if (tokenizerFile !== undefined) {
    tokenizer = Tokenizer.fromFile(tokenizerFile);
    say(`tokenizer: ${tokenizerFile} (${tokenizer.getVocabSize()} tokens)`);
  } else {
    const started = performance.now();
    tokenizer = trainTokenizer(options.tokenizer, allSentences(documents), options.vocabSize);
    const seconds = ((performance.now() - started) / 1000).toFixed(1);
    say(`tokenizer: ${options.tokenizer} trained on the corpus, ${tokenizer.getVocabSize()} tokens (${seconds} s)`);
  }
  const special = specialTokenIds(tokenizer);
  const tokenized = tokenizeDocuments(documents, tokenizer);
  const rng = new Rng(options.seed);
  const instances = createInstances(tokenized, options, special, rng, where);
  // A small random held-out set (never trained on), at most a tenth of the instances.
  const evalFraction = Math.min(options.maxEvalSamples / instances.length, 0.1);
  const split = splitTrainEval(instances, evalFraction, rng);
  const common = {
    batchSize: options.batchSize,
    maxSeqLength: options.maxSeqLength,
    maxPredictions: options.maxPredictions,
    mlmProbability: options.mlmProbability,
    wholeWordMask: options.wholeWordMask,
    specialTokens: special,
  };
  const train = new PretrainingDataset(split.train, { ...common, masking: 'dynamic', bucketByLength: true, rng });
  const unbucketed = new PretrainingDataset(split.train, { ...common, masking: 'dynamic', rng: new Rng(options.seed) });
  const evalBatches =
    split.eval.length === 0
      ? []
      : [...new PretrainingDataset(split.eval, { ...common, masking: 'static', bucketByLength: true, rng }).epoch(0)];
  return {
    tokenizer,
    special,
    train,
    trainInstances: split.train,
    evalBatches,
    instances: { train: split.train.length, eval: split.eval.length },
    padding: { bucketed: train.paddingFraction(0), unbucketed: unbucketed.paddingFraction(0) },
    rng,
  };
}

function* allSentences(documents: readonly CorpusDocument[]): Generator<string> {
  for (const document of documents) yield* document.sentences;
}

function createInstances(
  documents: readonly TokenizedDocument[],
  options: PretrainOptions,
  special: SpecialTokenIds,
  rng: Rng,
  where: string,
): TrainingInstance[] {
  const { maxSeqLength, objective } = options;
  if (objective === 'mlm')
    return createFullSentenceInstances(documents, { maxSeqLength, separatorId: special.sep, rng });
  if (objective === 'mlm+nsp' && documents.length < 2) {
    throw new DataError(
      `--objective mlm+nsp needs at least 2 documents (a random B comes from another document), ${where} has ${documents.length}` +
        ` (${documents[0]?.source ?? 'none'}); separate documents with a blank line, or use --objective mlm+sop or mlm`,
    );
  }
  return objective === 'mlm+nsp'
    ? createNspInstances(documents, { maxSeqLength, rng })
    : createSopInstances(documents, { maxSeqLength, rng });
}

/**
 * A pretraining run, as `bert-pretrain` does it: checks the output directory (`--resume` / `--overwrite`), builds the
 * data, a `BertForPreTraining` of the preset's size and AdamW with linear warmup and decay, trains with evaluation,
 * `metrics.jsonl`, `report.html` and checkpoints, then saves the model directory (config.json + model.safetensors)
 * and tokenizer.json into `options.output`. Everything that can be wrong with the input is found before the first
 * write, and every file is written to a temporary name and renamed, so a failing run leaves an existing output as
 * it was.
 */
export async function pretrain(options: PretrainOptions, hooks: PretrainHooks = {}): Promise<PretrainResult> {
  const say = hooks.say ?? (() => {});
  const warn = hooks.warn ?? ((line: string) => console.warn(line));
  const { output } = options;
  const { checkpoint } = await checkOutput(output, options);
  const backend = await initBackend(options.backend === undefined ? {} : { prefer: options.backend });
  say(`backend: ${describeBackend(backend)}`);

  // A resumed run keeps the tokenizer it started with.
  const tokenizerFile = checkpoint === undefined ? options.tokenizerFile : join(output, TOKENIZER_FILE);
  const data = await preparePretrainingData(options, { tokenizerFile, say });
  say(
    `instances: ${data.instances.train} train, ${data.instances.eval} held out; ${data.train.batchesPerEpoch} batches of ≤ ${options.batchSize} per epoch; ` +
      `padding ${percent(data.padding.bucketed)} with length bucketing (${percent(data.padding.unbucketed)} without)`,
  );

  const config = bertPreset(options.preset, {
    vocabSize: data.special.vocabSize,
    hiddenDropoutProb: options.dropout,
    attentionProbsDropoutProb: options.dropout,
    padTokenId: data.special.pad,
  });
  if (options.maxSeqLength > maxSequenceLength(config)) {
    throw new DataError(
      `--max-seq-length ${options.maxSeqLength} exceeds the model's ${maxSequenceLength(config)} positions`,
    );
  }
  const model = new BertForPreTraining(config, { seed: options.seed });
  const optimizer = new AdamW(model.namedParameters(), { weightDecay: options.weightDecay });
  try {
    const parameters = countParameters(model);
    say(
      `model: ${options.preset} (${config.numHiddenLayers} layers, hidden ${config.hiddenSize}, ${config.numAttentionHeads} heads), ` +
        `${(parameters / 1e6).toFixed(2)}M parameters, objective ${options.objective}, loss ${options.loss}`,
    );
    // Check a checkpoint against this model before anything is written: a checkpoint of another config fails here.
    if (checkpoint !== undefined) await prepareModelWeights(model, checkpoint);
    // A text that cannot be snapshotted (too long for the positions, no tokens) fails here, before any write.
    const text = options.attentionSnapshot;
    const snapshots =
      text === undefined
        ? undefined
        : asUsageError(
            `--attention-snapshot ${JSON.stringify(text)}`,
            () => new AttentionSnapshots(model, data.tokenizer, text, { runDir: output, onWarning: warn }),
          );

    const stepsPerEpoch = Math.ceil(data.train.batchesPerEpoch / options.gradAccum);
    const totalSteps = options.steps ?? stepsPerEpoch * (options.epochs as number);
    const schedule = linearSchedule({
      lr: options.lr,
      warmupSteps: Math.round(totalSteps * options.warmupRatio),
      totalSteps,
    });
    const lossFn = pretrainingLossFn({ loss: options.loss });

    await mkdir(output, { recursive: true });
    await hooks.beforeWrite?.();
    if (checkpoint === undefined) {
      await writeFileAtomically(join(output, TOKENIZER_FILE), `${data.tokenizer.toString(true)}\n`);
    }
    if (checkpoint !== undefined) say(`resuming from ${checkpoint}`);

    let lastTrain: LogEntry | undefined;
    let lastEval: LogEntry | undefined;
    const throughput: number[] = [];
    const started = performance.now();
    const result = await new Trainer({
      model,
      optimizer,
      schedule,
      lossFn,
      trainBatches: (epoch, start) => data.train.epoch(epoch, { fromBatch: start }),
      rngState: data.rng,
      ...(options.steps === undefined ? { epochs: options.epochs as number } : { maxSteps: options.steps }),
      gradAccum: options.gradAccum,
      ...(data.evalBatches.length === 0
        ? {}
        : {
            evalFn: (m: BertForPreTraining) => evaluateLoss(m, data.evalBatches, lossFn),
            evalEvery: options.evalEvery,
          }),
      logDir: output,
      logEvery: 1,
      saveEvery: options.saveEvery,
      keepLast: options.saveTotalLimit,
      seed: options.seed,
      progress: false,
      overwrite: options.overwrite,
      ...(checkpoint === undefined ? {} : { resumeFrom: checkpoint }),
      onLog: (entry) => {
        if (entry['loss'] !== undefined) {
          lastTrain = entry;
          throughput.push(entry['tokens_per_second'] ?? 0);
        }
        if (entry['eval_loss'] !== undefined) lastEval = entry;
        hooks.onLog?.(entry, totalSteps);
      },
      onWarning: warn,
      // A snapshot reads the weights before at() returns, so each one shows exactly its checkpoint's step.
      ...(snapshots === undefined ? {} : { onCheckpoint: (_path: string, step: number) => snapshots.at(step) }),
    }).train();
    const trainSeconds = (performance.now() - started) / 1000;
    await snapshots?.settled();
    await saveModel(model, output);
    say(`saved the model (config.json, model.safetensors) and tokenizer.json to ${output}`);
    return {
      output,
      globalStep: result.globalStep,
      totalSteps,
      stopReason: result.stopReason,
      lastTrain,
      lastEval,
      trainSeconds,
      tokensPerSecond: throughput.reduce((sum, value) => sum + value, 0) / Math.max(1, throughput.length),
      backend,
      parameters,
      vocabSize: data.special.vocabSize,
      instances: data.instances,
      padding: data.padding,
    };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

function percent(fraction: number): string {
  return `${(fraction * 100).toFixed(1)}%`;
}
