import { FlagReader, type RawFlags, UsageError } from '@bert/cli';
import { TAG_SCHEMES, type TagScheme } from '@bert/data';
import { BACKEND_NAMES, type BackendName, PRESET_NAMES, type PresetName } from '@bert/model';

export const TASKS = ['classification', 'pair-classification', 'token-classification', 'regression'] as const;
export type Task = (typeof TASKS)[number];
export const DATA_FORMATS = ['tsv', 'csv', 'jsonl', 'conll'] as const;
export type DataFormat = (typeof DATA_FORMATS)[number];
export const BROWN_TASKS = ['pos', 'genre'] as const;

/** Options of a fine-tuning run, resolved and validated (see `resolveFinetuneOptions`). */
export interface FinetuneOptions {
  readonly task: Task;
  /** A model directory (ours or HF's: config.json + model.safetensors + tokenizer.json or vocab.txt). */
  readonly model: string | undefined;
  /** Train from scratch with this size instead (`--preset`); the default when neither is given. */
  readonly preset: Exclude<PresetName, 'seed'> | undefined;
  /** tokenizer.json or vocab.txt; default: the model directory's, or one trained on the training texts. */
  readonly tokenizer: string | undefined;
  readonly vocabSize: number;
  readonly cased: boolean;
  /** Labelled files; no `train` = the Brown corpus task (`brownTask`). */
  readonly train: string | undefined;
  readonly eval: string | undefined;
  readonly test: string | undefined;
  readonly brownTask: (typeof BROWN_TASKS)[number];
  readonly format: DataFormat | undefined;
  readonly textColumn: string | undefined;
  readonly textPairColumn: string | undefined;
  readonly labelColumn: string | undefined;
  readonly tokenColumn: string | undefined;
  readonly header: boolean;
  readonly tagScheme: TagScheme | 'auto';
  readonly labelAllTokens: boolean;
  readonly skipBadRows: boolean;
  readonly maxTrainSamples: number | undefined;
  readonly maxEvalSamples: number | undefined;
  readonly epochs: number;
  readonly batchSize: number;
  readonly lr: number;
  readonly warmupRatio: number;
  readonly weightDecay: number;
  readonly maxSeqLength: number;
  /** Hidden and attention dropout; default: the checkpoint's (0.1 for presets). */
  readonly dropout: number | undefined;
  readonly gradAccum: number;
  readonly seed: number;
  readonly output: string;
  readonly overwrite: boolean;
  /** Evaluations without improvement before stopping (evaluation runs every `evalEvery` steps or each epoch). */
  readonly earlyStoppingPatience: number | undefined;
  /** Evaluate every N steps; 0 = once per epoch. */
  readonly evalEvery: number;
  readonly logEvery: number;
  readonly backend: BackendName | undefined;
  /** Write this text's attention (`<output>/attention/step-<step>/`) at each checkpoint and at the end of training. */
  readonly attentionSnapshot: string | undefined;
}

export const FINETUNE_DEFAULTS = Object.freeze({
  epochs: 3,
  batchSize: 32,
  lrPretrained: 2e-5,
  lrScratch: 1e-3,
  warmupRatio: 0.1,
  weightDecay: 0.01,
  maxSeqLength: 128,
  gradAccum: 1,
  seed: 42,
  vocabSize: 8000,
  preset: 'tiny' as Exclude<PresetName, 'seed'>,
  evalEvery: 0,
  logEvery: 50,
  /** The Brown default run: a slice small enough to finish in minutes on 2 cores. */
  brownTrainSamples: 3000,
  brownEvalSamples: 500,
});

/** Validates raw flags and applies the defaults; every error names the flag and quotes the value. */
export function resolveFinetuneOptions(flags: RawFlags): FinetuneOptions {
  const read = new FlagReader(flags);
  const model = read.string('model');
  const presetFlag = read.choice('preset', PRESET_NAMES);
  if (model !== undefined && presetFlag !== undefined) {
    throw new UsageError(`give --model or --preset, not both (got --model ${model} --preset ${presetFlag})`);
  }
  if (presetFlag === 'seed') {
    throw new UsageError('--preset seed is the course pretraining demo; pick tiny, mini, small, medium or base');
  }
  const preset = model === undefined ? (presetFlag ?? FINETUNE_DEFAULTS.preset) : undefined;
  const train = read.string('train');
  const format = read.choice('format', DATA_FORMATS);
  const brownTask = read.choice('brown-task', BROWN_TASKS);
  if (train !== undefined && brownTask !== undefined)
    throw new UsageError('--brown-task is for the default run without --train');
  for (const flag of ['eval', 'test']) {
    if (train === undefined && read.given(flag))
      throw new UsageError(`--${flag} needs --train (without it the run uses the Brown corpus)`);
  }
  const taskFlag = read.choice('task', TASKS);
  const task: Task =
    taskFlag ??
    (train === undefined
      ? brownTask === 'genre'
        ? 'classification'
        : 'token-classification'
      : format === 'conll' || /\.(conll|conllu|iob|bio|txt)$|eng\.(train|test[ab])$/i.test(train)
        ? 'token-classification'
        : 'classification');
  const resolvedBrown = brownTask ?? (task === 'classification' ? 'genre' : 'pos');
  if (train === undefined && task !== 'token-classification' && task !== 'classification') {
    throw new UsageError(`--task ${task} needs --train (the Brown corpus default has POS tags and genres only)`);
  }
  if (train === undefined && resolvedBrown === 'pos' && task !== 'token-classification') {
    throw new UsageError('--brown-task pos is token classification; drop --task or use --task token-classification');
  }
  const tokenTask = task === 'token-classification';
  if (format === 'conll' && !tokenTask)
    throw new UsageError(`--format conll is for --task token-classification, not ${task}`);
  for (const flag of ['label-all-tokens', 'tag-scheme', 'token-column']) {
    if (!tokenTask && read.given(flag)) throw new UsageError(`--${flag} is for --task token-classification`);
  }
  if (tokenTask && read.given('text-pair-column'))
    throw new UsageError('--text-pair-column is for --task pair-classification');
  if (task !== 'pair-classification' && task !== 'token-classification' && read.given('text-pair-column')) {
    throw new UsageError(`--text-pair-column is for --task pair-classification, not ${task}`);
  }
  const tagSchemeFlag = read.string('tag-scheme');
  if (
    tagSchemeFlag !== undefined &&
    tagSchemeFlag !== 'auto' &&
    !(TAG_SCHEMES as readonly string[]).includes(tagSchemeFlag)
  ) {
    throw new UsageError(`--tag-scheme must be one of auto, ${TAG_SCHEMES.join(', ')}, got "${tagSchemeFlag}"`);
  }
  const maxSeqLength = read.integer('max-seq-length', 8) ?? FINETUNE_DEFAULTS.maxSeqLength;
  const tokenizer = read.string('tokenizer');
  if (model !== undefined && read.given('vocab-size'))
    throw new UsageError('--vocab-size is for --preset runs (a model has its vocabulary)');
  const lr =
    read.number('lr', { min: 0, exclusive: true }) ??
    (model === undefined ? FINETUNE_DEFAULTS.lrScratch : FINETUNE_DEFAULTS.lrPretrained);
  return Object.freeze({
    task,
    model,
    preset,
    tokenizer,
    vocabSize: read.integer('vocab-size', 100) ?? FINETUNE_DEFAULTS.vocabSize,
    cased: read.boolean('cased'),
    train,
    eval: read.string('eval'),
    test: read.string('test'),
    brownTask: resolvedBrown,
    format,
    textColumn: read.string('text-column'),
    textPairColumn: read.string('text-pair-column'),
    labelColumn: read.string('label-column'),
    tokenColumn: read.string('token-column'),
    header: !read.boolean('no-header'),
    tagScheme: (tagSchemeFlag ?? 'auto') as TagScheme | 'auto',
    labelAllTokens: read.boolean('label-all-tokens'),
    skipBadRows: read.boolean('skip-bad-rows'),
    maxTrainSamples:
      read.integer('max-train-samples', 1) ?? (train === undefined ? FINETUNE_DEFAULTS.brownTrainSamples : undefined),
    maxEvalSamples:
      read.integer('max-eval-samples', 1) ?? (train === undefined ? FINETUNE_DEFAULTS.brownEvalSamples : undefined),
    epochs: read.integer('epochs', 1) ?? FINETUNE_DEFAULTS.epochs,
    batchSize: read.integer('batch-size', 1) ?? FINETUNE_DEFAULTS.batchSize,
    lr,
    warmupRatio: read.number('warmup-ratio', { min: 0, max: 1, maxExclusive: true }) ?? FINETUNE_DEFAULTS.warmupRatio,
    weightDecay: read.number('weight-decay', { min: 0 }) ?? FINETUNE_DEFAULTS.weightDecay,
    maxSeqLength,
    dropout: read.number('dropout', { min: 0, max: 1, maxExclusive: true }),
    gradAccum: read.integer('grad-accum', 1) ?? FINETUNE_DEFAULTS.gradAccum,
    seed: read.integer('seed', 0) ?? FINETUNE_DEFAULTS.seed,
    output: read.string('output') ?? `out/finetune-${train === undefined ? `brown-${resolvedBrown}` : task}`,
    overwrite: read.boolean('overwrite'),
    earlyStoppingPatience: read.integer('early-stopping-patience', 1),
    evalEvery: read.integer('eval-every', 0) ?? FINETUNE_DEFAULTS.evalEvery,
    logEvery: read.integer('log-every', 1) ?? FINETUNE_DEFAULTS.logEvery,
    backend: read.choice('backend', BACKEND_NAMES),
    attentionSnapshot: read.string('attention-snapshot'),
  });
}

/** Options of `bert-finetune predict`. */
export interface PredictOptions {
  readonly model: string;
  /** A file of inputs, or the text itself. */
  readonly input: string;
  readonly output: string | undefined;
  readonly format: DataFormat | undefined;
  readonly textColumn: string | undefined;
  readonly textPairColumn: string | undefined;
  readonly tokenColumn: string | undefined;
  readonly header: boolean;
  readonly textPair: string | undefined;
  /** Default: the fine-tuning run's (finetune_args.json), else 128. */
  readonly maxSeqLength: number | undefined;
  readonly batchSize: number;
  readonly backend: BackendName | undefined;
}

export function resolvePredictOptions(flags: RawFlags, args: readonly string[]): PredictOptions {
  const read = new FlagReader(flags);
  const model = read.string('model');
  if (model === undefined) throw new UsageError('predict needs --model DIR (a bert-finetune output)');
  const input = read.string('input') ?? args[0];
  if (input === undefined) throw new UsageError('predict needs --input FILE|TEXT (or the text as an argument)');
  return Object.freeze({
    model,
    input,
    output: read.string('output'),
    format: read.choice('format', DATA_FORMATS),
    textColumn: read.string('text-column'),
    textPairColumn: read.string('text-pair-column'),
    tokenColumn: read.string('token-column'),
    header: !read.boolean('no-header'),
    textPair: read.string('text-pair'),
    maxSeqLength: read.integer('max-seq-length', 8),
    batchSize: read.integer('batch-size', 1) ?? 64,
    backend: read.choice('backend', BACKEND_NAMES),
  });
}
