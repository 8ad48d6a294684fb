import { ConfigError } from '@bert/core';
import type { BertPreTrainedModel } from '@bert/model';
import type { LogEntry } from '../checkpoint/trainer-state.js';
import type { AdamW } from '../optim/adamw.js';
import type { LearningRateSchedule } from '../optim/schedules.js';
import type { TrainBatches } from './batch-source.js';
import type { EarlyStoppingOptions } from './early-stopping.js';
import type { LossFunction } from './loss-function.js';

/** The data RNG, as `@bert/data`'s `Rng` exposes it: its state is checkpointed and restored on resume. */
export interface RngStateProvider {
  getState(): number[];
  setState(state: readonly number[]): void;
}

export type EvalMetrics = Readonly<Record<string, number>>;

export interface TrainerOptions<M extends BertPreTrainedModel<unknown>, B> {
  readonly model: M;
  readonly optimizer: AdamW;
  readonly schedule: LearningRateSchedule;
  readonly lossFn: LossFunction<M, B>;
  readonly trainBatches: TrainBatches<B>;
  /** Returns eval metrics (logged as `eval_<name>`); must dispose its tensors. */
  readonly evalFn?: (model: M) => EvalMetrics | Promise<EvalMetrics>;
  /** Evaluate every N steps (and at the end); 0: only at the end. Default 0. */
  readonly evalEvery?: number;
  /** Optimizer steps to run; takes precedence over `epochs` (HF `max_steps`). */
  readonly maxSteps?: number;
  readonly epochs?: number;
  /** Micro-batches per optimizer step. Default 1. */
  readonly gradAccum?: number;
  /** Global-norm clipping threshold; `Infinity` disables clipping. Default 1.0 (HF). */
  readonly clipNorm?: number;
  readonly earlyStopping?: EarlyStoppingOptions;
  /** Where metrics.jsonl, report.html and checkpoint-<step>/ go; nothing is written without it. */
  readonly logDir?: string;
  /** Log every N steps. Default 1. */
  readonly logEvery?: number;
  /** Checkpoint every N steps (and at the end); 0: never. Default 0. Needs `logDir`. */
  readonly saveEvery?: number;
  /** Keep the newest K checkpoints. Default: all. */
  readonly keepLast?: number;
  /** Seeds dropout (with the step and micro-batch). Default 42. */
  readonly seed?: number;
  readonly rngState?: RngStateProvider;
  /** Progress bar on stderr; shown only on a TTY. Default true. */
  readonly progress?: boolean;
  /** Write report.html at the end. Default true (with `logDir`). */
  readonly report?: boolean;
  /** A checkpoint directory, or 'latest' (the newest under `logDir`; a fresh start when there is none). */
  readonly resumeFrom?: string;
  /** Start afresh in a `logDir` that holds checkpoints, deleting them. Default false (ConfigError). */
  readonly overwrite?: boolean;
  /** Tokens in a batch, for tokens/s. Default: nonzero `attentionMask` entries (or `inputIds` length). */
  readonly tokensPerBatch?: (batch: B) => number;
  /** Throw `TensorLeakError` when `tf.memory().numTensors` grows between steps. Default true. */
  readonly checkTensorCount?: boolean;
  readonly onLog?: (entry: LogEntry) => void;
  /** After each checkpoint is written: its directory (`checkpoint-<step>`) and the step it holds. */
  readonly onCheckpoint?: (path: string, step: number) => void;
  /** Non-fatal notices (resuming with a different schedule, …). Default console.warn. */
  readonly onWarning?: (message: string) => void;
}

export type ResolvedTrainerOptions<M extends BertPreTrainedModel<unknown>, B> = Readonly<
  Required<
    Omit<
      TrainerOptions<M, B>,
      | 'evalFn'
      | 'maxSteps'
      | 'epochs'
      | 'earlyStopping'
      | 'logDir'
      | 'rngState'
      | 'resumeFrom'
      | 'onLog'
      | 'onCheckpoint'
    >
  > &
    Pick<
      TrainerOptions<M, B>,
      | 'evalFn'
      | 'maxSteps'
      | 'epochs'
      | 'earlyStopping'
      | 'logDir'
      | 'rngState'
      | 'resumeFrom'
      | 'onLog'
      | 'onCheckpoint'
    >
>;

/** Defaults applied, every value checked (errors quote it), frozen. */
export function resolveTrainerOptions<M extends BertPreTrainedModel<unknown>, B>(
  options: TrainerOptions<M, B>,
): ResolvedTrainerOptions<M, B> {
  const resolved = {
    evalEvery: 0,
    gradAccum: 1,
    clipNorm: 1.0,
    logEvery: 1,
    saveEvery: 0,
    keepLast: Number.POSITIVE_INFINITY,
    seed: 42,
    progress: true,
    report: true,
    overwrite: false,
    tokensPerBatch: defaultTokenCount,
    checkTensorCount: true,
    onWarning: (message: string) => console.warn(message),
    ...withoutUndefined(options),
  };
  const nonNegativeInteger = (name: string, value: number) => {
    if (!(Number.isInteger(value) && value >= 0)) throw new ConfigError(`${name} (${value}) must be an integer ≥ 0`);
  };
  const positiveInteger = (name: string, value: number) => {
    if (!(Number.isInteger(value) && value >= 1)) throw new ConfigError(`${name} (${value}) must be an integer ≥ 1`);
  };
  if (resolved.maxSteps === undefined && resolved.epochs === undefined) {
    throw new ConfigError('give maxSteps or epochs (both are undefined)');
  }
  if (resolved.maxSteps !== undefined) positiveInteger('maxSteps', resolved.maxSteps);
  if (resolved.epochs !== undefined) positiveInteger('epochs', resolved.epochs);
  positiveInteger('gradAccum', resolved.gradAccum);
  positiveInteger('logEvery', resolved.logEvery);
  nonNegativeInteger('evalEvery', resolved.evalEvery);
  nonNegativeInteger('saveEvery', resolved.saveEvery);
  nonNegativeInteger('seed', resolved.seed);
  if (!(resolved.keepLast >= 1)) throw new ConfigError(`keepLast (${resolved.keepLast}) must be ≥ 1`);
  if (!(resolved.clipNorm > 0))
    throw new ConfigError(`clipNorm (${resolved.clipNorm}) must be positive (Infinity disables)`);
  if (resolved.saveEvery > 0 && resolved.logDir === undefined) {
    throw new ConfigError(`saveEvery (${resolved.saveEvery}) needs a logDir to write checkpoints to`);
  }
  if (resolved.resumeFrom !== undefined && resolved.resumeFrom === 'latest' && resolved.logDir === undefined) {
    throw new ConfigError(`resumeFrom 'latest' needs a logDir to look in`);
  }
  if (resolved.earlyStopping !== undefined && resolved.evalFn === undefined) {
    throw new ConfigError(`earlyStopping on "${resolved.earlyStopping.metric}" needs an evalFn`);
  }
  return Object.freeze(resolved);
}

/** Real tokens of a batch shaped like `PretrainingBatch` (or of any batch with `attentionMask` / `inputIds`). */
export function defaultTokenCount(batch: unknown): number {
  const { attentionMask, inputIds } = (batch ?? {}) as {
    attentionMask?: ArrayLike<number>;
    inputIds?: ArrayLike<number>;
  };
  if (attentionMask !== undefined && typeof attentionMask.length === 'number') {
    let tokens = 0;
    for (let index = 0; index < attentionMask.length; index++) tokens += attentionMask[index] === 0 ? 0 : 1;
    return tokens;
  }
  return inputIds !== undefined && typeof inputIds.length === 'number' ? inputIds.length : 0;
}

function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, entry]) => entry !== undefined)) as T;
}
