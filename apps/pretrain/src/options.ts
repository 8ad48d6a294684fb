import {
  BACKEND_NAMES,
  type BackendName,
  BERT_PRESETS,
  BERT_DEFAULTS,
  PRESET_NAMES,
  type PresetName,
} from '@bert/model';
import { FlagReader, type RawFlags, UsageError } from '@bert/cli';

export const OBJECTIVES = ['mlm+nsp', 'mlm+sop', 'mlm'] as const;
export type Objective = (typeof OBJECTIVES)[number];
export const TOKENIZER_KINDS = ['whitespace', 'bpe', 'wordpiece'] as const;
export type TokenizerKind = (typeof TOKENIZER_KINDS)[number];
export const LOSSES = ['ce', 'kl'] as const;
export type LossKind = (typeof LOSSES)[number];
export const CORPUS_FORMATS = ['lines', 'text'] as const;
export type CorpusFormatFlag = (typeof CORPUS_FORMATS)[number];

/** Options of a pretraining run (every preset but `seed`), resolved and validated. */
export interface PretrainOptions {
  /** Files and directories (their `.txt` files); empty = the Brown corpus. */
  readonly corpus: readonly string[];
  /** `lines`: a sentence per line, a blank line between documents; `text`: prose, a document per paragraph. */
  readonly corpusFormat: CorpusFormatFlag;
  readonly tokenizer: TokenizerKind;
  /** A tokenizer.json to use instead of training one. */
  readonly tokenizerFile: string | undefined;
  readonly vocabSize: number;
  readonly preset: Exclude<PresetName, 'seed'>;
  readonly objective: Objective;
  readonly loss: LossKind;
  readonly maxSeqLength: number;
  readonly batchSize: number;
  readonly gradAccum: number;
  /** Optimizer steps; `undefined` when `epochs` is given. */
  readonly steps: number | undefined;
  readonly epochs: number | undefined;
  readonly lr: number;
  readonly warmupRatio: number;
  readonly weightDecay: number;
  readonly mlmProbability: number;
  readonly maxPredictions: number;
  readonly wholeWordMask: boolean;
  readonly dropout: number;
  readonly seed: number;
  readonly output: string;
  /** `false`, `'latest'` (newest checkpoint under `output`) or a checkpoint directory. */
  readonly resume: false | string;
  readonly overwrite: boolean;
  readonly backend: BackendName | undefined;
  readonly evalEvery: number;
  readonly saveEvery: number;
  readonly saveTotalLimit: number;
  readonly maxEvalSamples: number;
  readonly logEvery: number;
  /** A text whose attention is written at each checkpoint to `<output>/attention/step-<n>/` (`@bert/attention`). */
  readonly attentionSnapshot: string | undefined;
}

/** Options of the course's `seed` demo. */
export interface SeedOptions {
  readonly epochs: number;
  readonly lr: number;
  readonly batchSize: number;
  readonly maxSeqLength: number;
  readonly maxPredictions: number;
  readonly mlmProbability: number;
  readonly loss: LossKind;
  readonly dropout: number;
  readonly seed: number;
  /** Print the loss every N epochs (the course: 10). */
  readonly logEvery: number;
  /** Where to save the trained model, tokenizer.json, metrics.jsonl and report.html; nothing is written without it. */
  readonly output: string | undefined;
  readonly overwrite: boolean;
  readonly backend: BackendName | undefined;
}

export type ResolvedCommand =
  | { readonly mode: 'pretrain'; readonly options: PretrainOptions }
  | { readonly mode: 'seed'; readonly options: SeedOptions };

/** Defaults of a pretraining run; the default run is `bert-pretrain` with no flag (see README for its figures). */
export const PRETRAIN_DEFAULTS = Object.freeze({
  tokenizer: 'bpe' as TokenizerKind,
  vocabSize: 8000,
  preset: 'mini' as Exclude<PresetName, 'seed'>,
  objective: 'mlm+nsp' as Objective,
  loss: 'ce' as LossKind,
  maxSeqLength: 128,
  batchSize: 16,
  gradAccum: 1,
  steps: 500,
  lr: 1e-3,
  warmupRatio: 0.1,
  weightDecay: 0.01,
  mlmProbability: 0.15,
  dropout: 0.1,
  seed: 42,
  evalEvery: 100,
  saveEvery: 100,
  saveTotalLimit: 2,
  maxEvalSamples: 128,
  logEvery: 20,
});

/** The course's hyper-parameters (`maxlen`, `batch_size`, `max_pred`, Adam lr, epochs, no dropout). */
export const SEED_DEFAULTS = Object.freeze({
  epochs: 100,
  lr: 0.001,
  batchSize: 6,
  maxSeqLength: 30,
  maxPredictions: 5,
  mlmProbability: 0.15,
  loss: 'ce' as LossKind,
  dropout: 0,
  seed: 0,
  logEvery: 10,
});

/** Flags that only a corpus run uses: `--preset seed` trains on the course's text with the course's procedure. */
const NOT_FOR_SEED = [
  'corpus',
  'corpus-format',
  'tokenizer-file',
  'vocab-size',
  'grad-accum',
  'steps',
  'warmup-ratio',
  'weight-decay',
  'whole-word-mask',
  'resume',
  'eval-every',
  'save-every',
  'save-total-limit',
  'max-eval-samples',
  'attention-snapshot',
] as const;

/** Position embeddings of a preset: the longest `--max-seq-length` it accepts. */
export function presetPositions(preset: PresetName): number {
  return BERT_PRESETS[preset].maxPositionEmbeddings ?? BERT_DEFAULTS.maxPositionEmbeddings;
}

/**
 * Validates raw flags and applies the defaults. Every error is a `UsageError` naming the flag and quoting the
 * value, e.g. `--batch-size must be an integer ≥ 1, got "0"`.
 */
export function resolveCommand(flags: RawFlags): ResolvedCommand {
  const read = new FlagReader(flags);
  const preset = read.choice('preset', PRESET_NAMES) ?? PRETRAIN_DEFAULTS.preset;
  if (preset === 'seed') return { mode: 'seed', options: resolveSeed(read) };
  return { mode: 'pretrain', options: resolvePretrain(read, preset) };
}

function resolveSeed(read: FlagReader): SeedOptions {
  for (const flag of NOT_FOR_SEED) {
    if (read.given(flag)) {
      throw new UsageError(
        `--${flag} is not used by --preset seed (it trains on the course's text); drop it or pick another preset`,
      );
    }
  }
  const tokenizer = read.choice('tokenizer', TOKENIZER_KINDS);
  if (tokenizer !== undefined && tokenizer !== 'whitespace') {
    throw new UsageError(
      `--tokenizer must be whitespace with --preset seed (the course's vocabulary), got "${tokenizer}"`,
    );
  }
  const objective = read.choice('objective', OBJECTIVES);
  if (objective !== undefined && objective !== 'mlm+nsp') {
    throw new UsageError(`--objective must be mlm+nsp with --preset seed (the course's), got "${objective}"`);
  }
  const batchSize = read.integer('batch-size', 2) ?? SEED_DEFAULTS.batchSize;
  if (batchSize % 2 !== 0) {
    throw new UsageError(`--batch-size must be even with --preset seed (half isNext, half not), got "${batchSize}"`);
  }
  const maxSeqLength = read.integer('max-seq-length', 5) ?? SEED_DEFAULTS.maxSeqLength;
  checkPositions(maxSeqLength, 'seed');
  return Object.freeze({
    epochs: read.integer('epochs', 1) ?? SEED_DEFAULTS.epochs,
    lr: read.number('lr', { min: 0, exclusive: true }) ?? SEED_DEFAULTS.lr,
    batchSize,
    maxSeqLength,
    maxPredictions: read.integer('max-predictions', 1) ?? SEED_DEFAULTS.maxPredictions,
    mlmProbability: read.number('mlm-probability', { min: 0, exclusive: true, max: 1 }) ?? SEED_DEFAULTS.mlmProbability,
    loss: read.choice('loss', LOSSES) ?? SEED_DEFAULTS.loss,
    dropout: read.number('dropout', { min: 0, max: 1, maxExclusive: true }) ?? SEED_DEFAULTS.dropout,
    seed: read.integer('seed', 0) ?? SEED_DEFAULTS.seed,
    logEvery: read.integer('log-every', 1) ?? SEED_DEFAULTS.logEvery,
    output: read.string('output'),
    overwrite: read.boolean('overwrite'),
    backend: read.choice('backend', BACKEND_NAMES),
  });
}

function resolvePretrain(read: FlagReader, preset: Exclude<PresetName, 'seed'>): PretrainOptions {
  const tokenizerFile = read.string('tokenizer-file');
  if (tokenizerFile !== undefined) {
    for (const flag of ['tokenizer', 'vocab-size']) {
      if (read.given(flag)) throw new UsageError(`give --tokenizer-file or --${flag}, not both`);
    }
  }
  const steps = read.integer('steps', 1);
  const epochs = read.integer('epochs', 1);
  if (steps !== undefined && epochs !== undefined) {
    throw new UsageError(`give --steps or --epochs, not both (got --steps ${steps} --epochs ${epochs})`);
  }
  const maxSeqLength = read.integer('max-seq-length', 5) ?? PRETRAIN_DEFAULTS.maxSeqLength;
  checkPositions(maxSeqLength, preset);
  const mlmProbability =
    read.number('mlm-probability', { min: 0, exclusive: true, max: 1 }) ?? PRETRAIN_DEFAULTS.mlmProbability;
  const corpus = read.list('corpus');
  const resume = read.optionalValue('resume');
  return Object.freeze({
    corpus,
    corpusFormat: read.choice('corpus-format', CORPUS_FORMATS) ?? 'lines',
    tokenizer: read.choice('tokenizer', TOKENIZER_KINDS) ?? PRETRAIN_DEFAULTS.tokenizer,
    tokenizerFile,
    vocabSize: read.integer('vocab-size', 10) ?? PRETRAIN_DEFAULTS.vocabSize,
    preset,
    objective: read.choice('objective', OBJECTIVES) ?? PRETRAIN_DEFAULTS.objective,
    loss: read.choice('loss', LOSSES) ?? PRETRAIN_DEFAULTS.loss,
    maxSeqLength,
    batchSize: read.integer('batch-size', 1) ?? PRETRAIN_DEFAULTS.batchSize,
    gradAccum: read.integer('grad-accum', 1) ?? PRETRAIN_DEFAULTS.gradAccum,
    steps: epochs === undefined ? (steps ?? PRETRAIN_DEFAULTS.steps) : undefined,
    epochs,
    lr: read.number('lr', { min: 0, exclusive: true }) ?? PRETRAIN_DEFAULTS.lr,
    warmupRatio: read.number('warmup-ratio', { min: 0, max: 1, maxExclusive: true }) ?? PRETRAIN_DEFAULTS.warmupRatio,
    weightDecay: read.number('weight-decay', { min: 0 }) ?? PRETRAIN_DEFAULTS.weightDecay,
    mlmProbability,
    // BERT's 20 predictions for 128 tokens: room for the 15% of a full row.
    maxPredictions: read.integer('max-predictions', 1) ?? Math.ceil(maxSeqLength * mlmProbability),
    wholeWordMask: read.boolean('whole-word-mask'),
    dropout: read.number('dropout', { min: 0, max: 1, maxExclusive: true }) ?? PRETRAIN_DEFAULTS.dropout,
    seed: read.integer('seed', 0) ?? PRETRAIN_DEFAULTS.seed,
    output: read.string('output') ?? `out/pretrain-${preset}`,
    resume: resume === undefined || resume === false ? false : resume === true ? 'latest' : resume,
    overwrite: read.boolean('overwrite'),
    backend: read.choice('backend', BACKEND_NAMES),
    evalEvery: read.integer('eval-every', 0) ?? PRETRAIN_DEFAULTS.evalEvery,
    saveEvery: read.integer('save-every', 0) ?? PRETRAIN_DEFAULTS.saveEvery,
    saveTotalLimit: read.integer('save-total-limit', 1) ?? PRETRAIN_DEFAULTS.saveTotalLimit,
    maxEvalSamples: read.integer('max-eval-samples', 0) ?? PRETRAIN_DEFAULTS.maxEvalSamples,
    logEvery: read.integer('log-every', 1) ?? PRETRAIN_DEFAULTS.logEvery,
    attentionSnapshot: read.string('attention-snapshot'),
  });
}

function checkPositions(maxSeqLength: number, preset: PresetName): void {
  const positions = presetPositions(preset);
  if (maxSeqLength > positions) {
    throw new UsageError(
      `--max-seq-length ${maxSeqLength} exceeds the ${positions} position embeddings of --preset ${preset}`,
    );
  }
}
