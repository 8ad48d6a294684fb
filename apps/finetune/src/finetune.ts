import { existsSync, statSync } from 'node:fs';
import { mkdir, readdir, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { AttentionSnapshots } from '@bert/attention';
import { asUsageError, UsageError, writeFileAtomically } from '@bert/cli';
import { type EncodedExample, encodeTaggedSentences, encodeTextExamples, FinetuneDataset, Rng } from '@bert/data';
import {
  type BackendInfo,
  CONFIG_FILE,
  countParameters,
  describeBackend,
  describeBlas,
  initBackend,
  saveModel,
  WEIGHTS_FILE,
} from '@bert/model';
import type { Tokenizer } from '@bert/tokenizer';
import {
  AdamW,
  type FinetuneBatch,
  type LogEntry,
  linearSchedule,
  METRICS_FILE,
  REPORT_FILE,
  type StopReason,
  sequenceClassificationLossFn,
  Trainer,
  tokenClassificationLossFn,
  writeFinetuneReport,
} from '@bert/trainer';
import * as tf from '@tensorflow/tfjs';
import {
  type EncodedSplit,
  type EvaluationContext,
  evaluateSplit,
  primaryMetric,
  type SplitEvaluation,
} from './evaluate.js';
import { loadTaskData, type RawSplit, type SplitName, type TaskData, trainingTexts } from './load-data.js';
import {
  createFinetuneModel,
  type FinetuneModel,
  findTokenizer,
  loadTokenizer,
  TOKENIZER_FILE,
  trainWordPiece,
} from './model-setup.js';
import type { FinetuneOptions } from './options.js';
import { reportOptions } from './report.js';

export const METRICS_JSON = 'metrics.json';
export const PREDICTIONS_FILE = 'predictions.jsonl';
export const TEST_PREDICTIONS_FILE = 'predictions-test.jsonl';
export const RUN_ARGS_FILE = 'finetune_args.json';
const RUN_FILES = [
  CONFIG_FILE,
  WEIGHTS_FILE,
  TOKENIZER_FILE,
  METRICS_JSON,
  PREDICTIONS_FILE,
  METRICS_FILE,
  REPORT_FILE,
];

export interface FinetuneHooks {
  readonly say?: (line: string) => void;
  readonly warn?: (line: string) => void;
  /** Every logged step and evaluation (the lines of metrics.jsonl). */
  readonly onLog?: (entry: LogEntry, totalSteps: number) => void;
}

export interface FinetuneResult {
  readonly output: string;
  readonly globalStep: number;
  readonly totalSteps: number;
  readonly stopReason: StopReason;
  readonly trainSeconds: number;
  readonly totalSeconds: number;
  readonly backend: BackendInfo;
  readonly evaluations: Partial<Record<SplitName, SplitEvaluation>>;
  readonly primary: { readonly name: string; readonly mode: 'max' | 'min' };
  readonly metricsJson: Record<string, unknown>;
}

/** Refuses an output directory that already holds a run, unless `overwrite`. */
async function checkOutput(dir: string, overwrite: boolean): Promise<void> {
  if (!existsSync(dir)) return;
  if (!statSync(dir).isDirectory()) throw new UsageError(`--output ${dir} is a file, not a directory`);
  const names = new Set(await readdir(dir));
  const taken = RUN_FILES.filter((name) => names.has(name));
  if (taken.length > 0 && !overwrite) {
    throw new UsageError(
      `--output ${dir} already holds a run (${taken.slice(0, 3).join(', ')}); pass --overwrite to replace it`,
    );
  }
}

function encodeSplit(raw: RawSplit, tokenizer: Tokenizer, data: TaskData, options: FinetuneOptions): EncodedSplit {
  const encoded: EncodedExample[] =
    raw.kind === 'tagged'
      ? encodeTaggedSentences(raw.examples, tokenizer, {
          maxSeqLength: options.maxSeqLength,
          labelAllTokens: options.labelAllTokens,
          ...(data.labels === undefined ? {} : { labels: data.labels }),
        })
      : encodeTextExamples(raw.examples, tokenizer, {
          maxSeqLength: options.maxSeqLength,
          ...(options.task === 'regression' ? { regression: true } : { labels: data.labels }),
        });
  return { raw, encoded };
}

/** `dataset`'s epochs as a re-iterable source with a length: iteration k is epoch k. */
function epochsOf(dataset: FinetuneDataset): Iterable<FinetuneBatch> & { readonly length: number } {
  let epoch = 0;
  return { length: dataset.batchesPerEpoch, [Symbol.iterator]: () => dataset.epoch(epoch++) };
}

/** Copies of every weight on the CPU (no tensors: the trainer checks the tensor count stays constant). */
function snapshot(model: FinetuneModel): Map<string, Float32Array> {
  const copy = new Map<string, Float32Array>();
  for (const [name, variable] of model.namedParameters()) copy.set(name, (variable.dataSync() as Float32Array).slice());
  return copy;
}

function restore(model: FinetuneModel, weights: ReadonlyMap<string, Float32Array>): void {
  for (const [name, variable] of model.namedParameters()) {
    const values = weights.get(name);
    if (values !== undefined) tf.tidy(() => variable.assign(tf.tensor(values, variable.shape, 'float32')));
  }
}

/**
 * A fine-tuning run as `bert-finetune` does it: reads the labelled data (or the Brown default), builds the label
 * set, the tokenizer (the checkpoint's, a file, or WordPiece trained on the training texts) and the model with its
 * head, trains with AdamW and linear warmup/decay, evaluating each epoch (early stopping restores the best
 * evaluation's weights), then evaluates eval and test and writes the model directory (config.json with
 * id2label/label2id, model.safetensors, tokenizer.json), metrics.json, predictions.jsonl, metrics.jsonl and report.html.
 */
export async function finetune(options: FinetuneOptions, hooks: FinetuneHooks = {}): Promise<FinetuneResult> {
  const started = performance.now();
  const say = hooks.say ?? (() => {});
  const warn = hooks.warn ?? ((line: string) => console.warn(line));
  await checkOutput(options.output, options.overwrite);
  if (options.model !== undefined && !existsSync(options.model))
    throw new UsageError(`--model ${options.model}: no such directory`);
  const backend = await initBackend(options.backend === undefined ? {} : { prefer: options.backend });
  say(`backend: ${describeBackend(backend)}`);

  const data = await loadTaskData(options, warn);
  const counts = Object.entries(data.splits)
    .map(([name, split]) => `${name} ${split.examples.length} (${split.source})`)
    .join(', ');
  say(`data: ${counts}`);
  if (data.labels !== undefined) {
    const shown =
      data.labels.names.length > 12 ? `${data.labels.names.slice(0, 12).join(', ')}, …` : data.labels.names.join(', ');
    say(
      `labels: ${data.labels.size} (${shown})${options.task === 'token-classification' ? `, tag scheme ${data.scheme}` : ''}`,
    );
  }

  let tokenizer: Tokenizer;
  let tokenizerSource: string;
  const tokenizerPath = options.tokenizer ?? (options.model === undefined ? undefined : findTokenizer(options.model));
  if (tokenizerPath !== undefined) {
    tokenizer = loadTokenizer(tokenizerPath, options.cased);
    tokenizerSource = tokenizerPath;
  } else {
    if (options.model !== undefined)
      throw new UsageError(`--model ${options.model}: no tokenizer.json or vocab.txt; pass --tokenizer`);
    const begun = performance.now();
    tokenizer = trainWordPiece(trainingTexts(data.splits.train), options.vocabSize, options.cased);
    tokenizerSource = `WordPiece trained on the training texts (${((performance.now() - begun) / 1000).toFixed(1)} s)`;
  }
  say(`tokenizer: ${tokenizerSource}, ${tokenizer.getVocabSize()} tokens${options.cased ? ', cased' : ''}`);

  const encoded: Partial<Record<SplitName, EncodedSplit>> = {};
  for (const [name, raw] of Object.entries(data.splits) as [SplitName, RawSplit][]) {
    encoded[name] = encodeSplit(raw, tokenizer, data, options);
    const truncated = (encoded[name] as EncodedSplit).encoded.filter((example) => example.truncated).length;
    if (truncated > 0)
      warn(`${name}: ${truncated} of ${raw.examples.length} examples cut to --max-seq-length ${options.maxSeqLength}`);
  }
  const train = encoded.train as EncodedSplit;
  const padId = tokenizer.tokenToId('[PAD]') ?? 0;

  const { model, description } = await createFinetuneModel(
    {
      ...(options.model === undefined ? {} : { model: options.model }),
      ...(options.preset === undefined ? {} : { preset: options.preset }),
      task: options.task,
      labels: data.labels,
      dropout: options.dropout,
      seed: options.seed,
      maxSeqLength: options.maxSeqLength,
      tokenizer,
    },
    warn,
  );
  const optimizer = new AdamW(model.namedParameters(), { weightDecay: options.weightDecay });
  try {
    const { config } = model;
    say(
      `model: ${description}: ${model.architecture}, ${config.numHiddenLayers} layers, hidden ${config.hiddenSize}, ` +
        `${config.numAttentionHeads} heads, ${(countParameters(model) / 1e6).toFixed(2)}M parameters, ${config.numLabels} output${config.numLabels === 1 ? '' : 's'}`,
    );
    const rng = new Rng(options.seed);
    const dataset = new FinetuneDataset(train.encoded, {
      batchSize: options.batchSize,
      padId,
      regression: options.task === 'regression',
      rng,
    });
    const stepsPerEpoch = Math.ceil(dataset.batchesPerEpoch / options.gradAccum);
    const totalSteps = stepsPerEpoch * options.epochs;
    const schedule = linearSchedule({
      lr: options.lr,
      warmupSteps: Math.round(totalSteps * options.warmupRatio),
      totalSteps,
    });
    say(
      `training: ${options.epochs} epoch${options.epochs === 1 ? '' : 's'} × ${stepsPerEpoch} steps (batch ${options.batchSize}` +
        `${options.gradAccum > 1 ? ` × ${options.gradAccum} accumulated` : ''}), AdamW lr ${options.lr}, warmup ${options.warmupRatio}, weight decay ${options.weightDecay}`,
    );
    const context: EvaluationContext = {
      task: options.task,
      labels: data.labels,
      scheme: data.scheme,
      batchSize: Math.max(options.batchSize, 32),
      padId,
    };
    const primary = primaryMetric(options.task, data.scheme);
    const evalSplit = encoded.eval;
    let best: { value: number; step: number; weights: Map<string, Float32Array> } | undefined;
    let step = 0;
    const evalFn =
      evalSplit === undefined
        ? undefined
        : async (current: FinetuneModel) => {
            const { metrics } = await evaluateSplit(current, evalSplit, context);
            const value = metrics[primary.name];
            const improved =
              value !== undefined &&
              (best === undefined || (primary.mode === 'max' ? value > best.value : value < best.value));
            if (options.earlyStoppingPatience !== undefined && improved)
              best = { value, step, weights: snapshot(current) };
            return metrics;
          };
    const lossFn =
      options.task === 'token-classification'
        ? tokenClassificationLossFn()
        : sequenceClassificationLossFn({ regression: options.task === 'regression' });
    // --attention-snapshot: checked here, before anything is written; a snapshot at each checkpoint the trainer
    // saves and at the end of training.
    const text = options.attentionSnapshot;
    const snapshots =
      text === undefined
        ? undefined
        : asUsageError(
            `--attention-snapshot ${JSON.stringify(text)}`,
            () =>
              new AttentionSnapshots(model, tokenizer, text, {
                runDir: options.output,
                onWarning: (line) => warn(`--attention-snapshot: ${line}`),
              }),
          );
    await mkdir(options.output, { recursive: true });
    await writeFileAtomically(join(options.output, RUN_ARGS_FILE), `${JSON.stringify(options, null, 2)}\n`);
    const trainStarted = performance.now();
    const result = await new Trainer<FinetuneModel, FinetuneBatch>({
      model,
      optimizer,
      schedule,
      lossFn: lossFn as never,
      // An iterable with a length (rather than an epoch function) so that logged epochs are fractional; each
      // iteration is the next epoch's shuffle. Fine-tuning runs are not resumed, so no seeking is needed.
      trainBatches: epochsOf(dataset),
      rngState: rng,
      epochs: options.epochs,
      gradAccum: options.gradAccum,
      ...(evalFn === undefined ? {} : { evalFn, evalEvery: options.evalEvery > 0 ? options.evalEvery : stepsPerEpoch }),
      ...(options.earlyStoppingPatience === undefined || evalFn === undefined
        ? {}
        : { earlyStopping: { metric: primary.name, patience: options.earlyStoppingPatience, mode: primary.mode } }),
      logDir: options.output,
      logEvery: 1,
      seed: options.seed,
      progress: false,
      overwrite: true,
      onLog: (entry) => {
        step = entry.step;
        hooks.onLog?.(entry, totalSteps);
      },
      onWarning: warn,
      ...(snapshots === undefined ? {} : { onCheckpoint: (_path: string, at: number) => snapshots.at(at) }),
    }).train();
    const trainSeconds = (performance.now() - trainStarted) / 1000;
    // Fine-tuning saves no checkpoints during training, so the final weights are snapshotted here.
    if (snapshots !== undefined) {
      if (snapshots.lastStep !== result.globalStep) snapshots.at(result.globalStep);
      await snapshots.settled();
    }
    if (best !== undefined) {
      restore(model, best.weights);
      say(`restored the weights of step ${best.step} (best eval ${primary.name} ${best.value.toFixed(4)})`);
    }

    const evaluations: Partial<Record<SplitName, SplitEvaluation>> = {};
    for (const name of ['eval', 'test'] as const) {
      const split = encoded[name];
      if (split !== undefined) evaluations[name] = await evaluateSplit(model, split, context);
    }
    await saveModel(model, options.output);
    await writeFileAtomically(join(options.output, TOKENIZER_FILE), `${tokenizer.toString(true)}\n`);
    const totalSeconds = (performance.now() - started) / 1000;
    const metricsJson: Record<string, unknown> = {
      task: options.task,
      model: description,
      data: Object.fromEntries(
        Object.entries(data.splits).map(([name, split]) => [
          name,
          { source: split.source, examples: split.examples.length, skipped: split.skipped },
        ]),
      ),
      labels: data.labels?.names ?? null,
      tag_scheme: options.task === 'token-classification' ? data.scheme : null,
      primary_metric: primary.name,
      global_step: result.globalStep,
      epochs: options.epochs,
      stop_reason: result.stopReason,
      best_step: best?.step ?? null,
      train_seconds: Number(trainSeconds.toFixed(1)),
      total_seconds: Number(totalSeconds.toFixed(1)),
      backend: backend.name,
      matrix_products: backend.blas === undefined ? null : describeBlas(backend.blas),
      ...Object.fromEntries(
        Object.entries(evaluations).map(([name, evaluation]) => [
          name,
          {
            ...evaluation.metrics,
            ...(evaluation.classification === undefined
              ? {}
              : {
                  per_class: evaluation.classification.perClass,
                  confusion_matrix: evaluation.classification.confusionMatrix,
                }),
            ...(evaluation.entities === undefined ? {} : { entities: evaluation.entities }),
          },
        ]),
      ),
    };
    await writeFileAtomically(join(options.output, METRICS_JSON), `${JSON.stringify(metricsJson, jsonNumbers, 2)}\n`);
    const evalPredictions = evaluations.eval?.predictions;
    if (evalPredictions !== undefined) await writeJsonl(join(options.output, PREDICTIONS_FILE), evalPredictions);
    const testPredictions = evaluations.test?.predictions;
    if (testPredictions !== undefined) await writeJsonl(join(options.output, TEST_PREDICTIONS_FILE), testPredictions);
    await writeFinetuneReport(
      join(options.output, REPORT_FILE),
      result.logHistory,
      reportOptions(options, evaluations, primary, {
        'global step': result.globalStep,
        'stopped because': result.stopReason,
        'training time (s)': Number(trainSeconds.toFixed(1)),
        model: description,
        data: data.description,
      }),
    );
    return {
      output: options.output,
      globalStep: result.globalStep,
      totalSteps,
      stopReason: result.stopReason,
      trainSeconds,
      totalSeconds,
      backend,
      evaluations,
      primary,
      metricsJson,
    };
  } finally {
    optimizer.dispose();
    model.dispose();
  }
}

/** JSON has no NaN or Infinity: write them as null. */
function jsonNumbers(_key: string, value: unknown): unknown {
  return typeof value === 'number' && !Number.isFinite(value) ? null : value;
}

export async function writeJsonl(path: string, records: readonly Record<string, unknown>[]): Promise<void> {
  const text = records.map((record) => JSON.stringify(record, jsonNumbers)).join('\n');
  await writeFile(path, text.length === 0 ? '' : `${text}\n`);
}
