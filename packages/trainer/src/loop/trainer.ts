import { mkdir, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '@bert/core';
import type { BertPreTrainedModel } from '@bert/model';
import * as tf from '@tensorflow/tfjs';
import { latestCheckpoint, listCheckpoints, removeTemporaries } from '../checkpoint/checkpoint-dirs.js';
import { loadCheckpoint } from '../checkpoint/load-checkpoint.js';
import { saveCheckpoint } from '../checkpoint/save-checkpoint.js';
import type { LogEntry, TrainerStateJson } from '../checkpoint/trainer-state.js';
import { TensorLeakError } from '../errors.js';
import { REPORT_FILE, writeReport } from '../report/html-report.js';
import { epochLength, openEpoch } from './batch-source.js';
import { EarlyStopping } from './early-stopping.js';
import { METRICS_FILE, MetricsLog } from './metrics-log.js';
import { TrainingProgress } from './progress.js';
import { dropoutSeed } from './seeds.js';
import { trainStep } from './train-step.js';
import { type ResolvedTrainerOptions, resolveTrainerOptions, type TrainerOptions } from './trainer-options.js';

export type StopReason = 'max_steps' | 'epochs' | 'early_stopping' | 'data_exhausted';

export interface TrainResult {
  readonly globalStep: number;
  readonly epoch: number;
  readonly stopReason: StopReason;
  readonly logHistory: readonly LogEntry[];
  /** Best value of the early-stopping metric, or null. */
  readonly bestMetric: number | null;
  readonly lastCheckpoint: string | undefined;
}

/**
 * The training loop: micro-batches → accumulated, clipped gradients → AdamW at the schedule's learning rate, with
 * evaluation, early stopping, a progress bar, `metrics.jsonl`, `report.html` and checkpoints that resume bit-for-bit
 * (same weights, moments, step, data position, RNG state and dropout seeds). Each step reads the device once; the
 * tensor count is checked constant across steps; a NaN/Inf loss stops training before the update.
 *
 * @example
 * const trainer = new Trainer({ model, optimizer: new AdamW(model.namedParameters()), schedule, lossFn: pretrainingLossFn(),
 *   trainBatches: batches, maxSteps: 1000, gradAccum: 4, logDir: 'out/run', saveEvery: 100, keepLast: 3 });
 * const { globalStep, logHistory } = await trainer.train();
 */
export class Trainer<M extends BertPreTrainedModel<unknown>, B> {
  readonly options: ResolvedTrainerOptions<M, B>;
  readonly #parameters: ReadonlyMap<string, tf.Variable>;
  readonly #earlyStopping: EarlyStopping | undefined;
  #globalStep = 0;
  #position = { epoch: 0, batchInEpoch: 0 };
  #history: LogEntry[] = [];
  #pendingRngState: number[] | null = null;
  #lastCheckpoint: string | undefined;
  #bestCheckpoint: string | null = null;
  #bestStep = -1;
  #lastEvalStep = -1;
  #lastSaveStep = -1;
  #log: MetricsLog | undefined;
  #tensorBaseline: number | undefined;

  constructor(options: TrainerOptions<M, B>) {
    this.options = resolveTrainerOptions(options);
    this.#parameters = this.options.model.namedParameters();
    this.#earlyStopping = options.earlyStopping === undefined ? undefined : new EarlyStopping(options.earlyStopping);
  }

  get globalStep(): number {
    return this.#globalStep;
  }

  /** Runs until maxSteps, the last epoch, early stopping or the end of the data; writes the report at the end. */
  async train(): Promise<TrainResult> {
    await this.#prepare();
    const { maxSteps, epochs, gradAccum, trainBatches } = this.options;
    const length = epochLength(trainBatches);
    const total =
      maxSteps ?? (length === undefined || epochs === undefined ? undefined : epochs * Math.ceil(length / gradAccum));
    const progress = new TrainingProgress(this.options.progress, total, this.#globalStep);
    const startStep = this.#globalStep;
    let stopReason: StopReason | undefined;
    try {
      stopReason = await this.#run(progress);
      if (this.#globalStep > startStep) {
        if (this.options.evalFn !== undefined && this.#lastEvalStep !== this.#globalStep) {
          this.#record({ step: this.#globalStep, epoch: this.#epochValue(), ...(await this.#evaluate()) });
        }
        if (this.options.saveEvery > 0 && this.#lastSaveStep !== this.#globalStep) await this.#save();
      }
      return {
        globalStep: this.#globalStep,
        epoch: this.#epochValue(),
        stopReason,
        logHistory: this.#history,
        bestMetric: this.#earlyStopping?.best ?? null,
        lastCheckpoint: this.#lastCheckpoint,
      };
    } finally {
      progress.stop();
      this.#log?.close();
      if (this.options.logDir !== undefined && this.options.report) {
        await writeReport(join(this.options.logDir, REPORT_FILE), this.#history, {
          summary: {
            'global step': this.#globalStep,
            epoch: this.#epochValue(),
            'stopped because': stopReason ?? 'an error (see the last log line)',
            'final loss': [...this.#history].reverse().find((entry) => entry['loss'] !== undefined)?.['loss'] ?? null,
            'best metric': this.#earlyStopping?.best ?? null,
            'last checkpoint': this.#lastCheckpoint ?? null,
          },
        });
      }
    }
  }

  async #run(progress: TrainingProgress): Promise<StopReason> {
    const { maxSteps, epochs, gradAccum, trainBatches } = this.options;
    if (maxSteps !== undefined && this.#globalStep >= maxSteps) return 'max_steps';
    for (let epoch = this.#position.epoch; maxSteps !== undefined || epoch < (epochs as number); epoch++) {
      const start = epoch === this.#position.epoch ? this.#position.batchInEpoch : 0;
      this.#position = { epoch, batchInEpoch: start };
      const iterator = await openEpoch(trainBatches, epoch, start, () => this.#restoreRng());
      let drew = start > 0;
      for (;;) {
        const started = performance.now();
        const microBatches: B[] = [];
        while (microBatches.length < gradAccum) {
          const next = await iterator.next();
          if (next.done) break;
          microBatches.push(next.value);
        }
        if (microBatches.length === 0) break;
        drew = true;
        this.#position = { epoch, batchInEpoch: this.#position.batchInEpoch + microBatches.length };
        await this.#step(microBatches, started, progress);
        // On wasm and cpu every device read resolves in a microtask, so a run would otherwise never return to the
        // event loop: timers, signals and IPC (a test runner's worker RPC) would wait for the end of training.
        await new Promise<void>((resolve) => setImmediate(resolve));
        if (this.#earlyStopping?.shouldStop) return 'early_stopping';
        if (maxSteps !== undefined && this.#globalStep >= maxSteps) return 'max_steps';
      }
      await iterator.return?.();
      if (!drew) return 'data_exhausted';
    }
    return 'epochs';
  }

  async #step(microBatches: readonly B[], started: number, progress: TrainingProgress): Promise<void> {
    const { model, optimizer, lossFn, schedule, clipNorm, seed, logEvery, evalEvery, saveEvery } = this.options;
    const lr = schedule.lrAt(this.#globalStep);
    const result = await trainStep({
      model,
      parameters: this.#parameters,
      optimizer,
      lossFn,
      microBatches,
      dropoutSeeds: microBatches.map((_, index) => dropoutSeed(seed, this.#globalStep, index)),
      lr,
      clipNorm,
      step: this.#globalStep + 1,
      ...(this.#lastCheckpoint === undefined ? {} : { lastCheckpoint: this.#lastCheckpoint }),
    });
    const step = ++this.#globalStep;
    const tokens = microBatches.reduce((sum, batch) => sum + this.options.tokensPerBatch(batch), 0);
    const tokensPerSecond = tokens / Math.max(1e-9, (performance.now() - started) / 1000);
    progress.update(step, { loss: result.loss, lr, tokensPerSecond });
    let entry: Record<string, number> | undefined;
    if (step % logEvery === 0) {
      entry = { step, epoch: this.#epochValue(), loss: result.loss, lr, grad_norm: result.gradNorm };
      Object.assign(entry, result.metrics, { tokens_per_second: tokensPerSecond });
    }
    if (evalEvery > 0 && step % evalEvery === 0) {
      entry = { ...(entry ?? { step, epoch: this.#epochValue() }), ...(await this.#evaluate()) };
    }
    if (entry !== undefined) this.#record(entry as LogEntry);
    if (saveEvery > 0 && step % saveEvery === 0) await this.#save();
    this.#checkTensorCount(step);
  }

  /** Runs evalFn, prefixes `eval_`, updates early stopping. */
  async #evaluate(): Promise<Record<string, number>> {
    const { evalFn, model } = this.options;
    if (evalFn === undefined) return {};
    const metrics: Record<string, number> = {};
    for (const [name, value] of Object.entries(await evalFn(model))) {
      if (typeof value !== 'number') throw new ConfigError(`evalFn returned ${name}: ${String(value)}, not a number`);
      metrics[name.startsWith('eval_') ? name : `eval_${name}`] = value;
    }
    this.#lastEvalStep = this.#globalStep;
    const stopping = this.#earlyStopping;
    if (stopping?.update(stopping.resolve(metrics))) {
      this.#bestStep = this.#globalStep;
    }
    return metrics;
  }

  #record(entry: LogEntry): void {
    this.#history.push(entry);
    this.#log?.append(entry);
    this.options.onLog?.(entry);
  }

  async #save(): Promise<void> {
    const { logDir, model, optimizer, keepLast } = this.options;
    const path = await saveCheckpoint(
      logDir as string,
      this.#globalStep,
      { model, optimizer, trainerState: this.#state() },
      { keepLast },
    );
    this.#lastCheckpoint = path;
    this.#lastSaveStep = this.#globalStep;
    this.options.onCheckpoint?.(path, this.#globalStep);
  }

  #state(): TrainerStateJson {
    const { maxSteps, epochs, seed, gradAccum, schedule, rngState, logDir } = this.options;
    if (this.#bestStep === this.#globalStep && logDir !== undefined) {
      this.#bestCheckpoint = join(logDir, `checkpoint-${this.#globalStep}`);
    }
    return {
      global_step: this.#globalStep,
      epoch: this.#epochValue(),
      max_steps: maxSteps ?? null,
      num_train_epochs: epochs ?? null,
      log_history: this.#history,
      best_metric: this.#earlyStopping?.best ?? null,
      best_model_checkpoint: this.#bestCheckpoint,
      seed,
      gradient_accumulation_steps: gradAccum,
      data_position: { epoch: this.#position.epoch, batch_in_epoch: this.#position.batchInEpoch },
      rng_state: rngState === undefined ? null : [...rngState.getState()],
      scheduler: schedule.state,
      early_stopping: this.#earlyStopping?.state() ?? null,
      format_version: 1,
    };
  }

  /** Fresh start or resume; opens metrics.jsonl (rewritten from the checkpoint's history on resume). */
  async #prepare(): Promise<void> {
    const { logDir, resumeFrom, overwrite } = this.options;
    if (logDir !== undefined) {
      await mkdir(logDir, { recursive: true });
      await removeTemporaries(logDir);
    }
    const checkpoint = resumeFrom === 'latest' ? await latestCheckpoint(logDir as string) : resumeFrom;
    if (checkpoint !== undefined) {
      this.#resume(await loadCheckpoint(checkpoint, this.options), checkpoint);
    } else if (logDir !== undefined) {
      const existing = await listCheckpoints(logDir);
      if (existing.length > 0 && !overwrite) {
        throw new ConfigError(
          `logDir (${logDir}) already holds ${existing.map((entry) => `checkpoint-${entry.step}`).join(', ')}; pass resumeFrom: 'latest' or overwrite: true`,
        );
      }
      for (const { path } of existing) await rm(path, { recursive: true, force: true });
    }
    if (logDir !== undefined) this.#log = new MetricsLog(join(logDir, METRICS_FILE), this.#history);
  }

  #resume(state: TrainerStateJson, path: string): void {
    const { schedule, seed, gradAccum, rngState, onWarning } = this.options;
    this.#globalStep = state.global_step;
    this.#position = { epoch: state.data_position.epoch, batchInEpoch: state.data_position.batch_in_epoch };
    this.#history = [...state.log_history];
    this.#lastCheckpoint = path;
    this.#lastSaveStep = state.global_step;
    this.#bestCheckpoint = state.best_model_checkpoint;
    if (state.early_stopping !== null) this.#earlyStopping?.loadState(state.early_stopping);
    this.#pendingRngState = state.rng_state === null ? null : [...state.rng_state];
    if (state.rng_state !== null && rngState === undefined)
      onWarning(`${path} holds an RNG state but no rngState provider was given`);
    const differences = [
      JSON.stringify(state.scheduler) !== JSON.stringify(schedule.state) ? 'schedule' : '',
      state.seed !== seed ? `seed (${state.seed} → ${seed})` : '',
      state.gradient_accumulation_steps !== gradAccum
        ? `gradAccum (${state.gradient_accumulation_steps} → ${gradAccum})`
        : '',
    ].filter((difference) => difference !== '');
    if (differences.length > 0)
      onWarning(`resuming ${path} with a different ${differences.join(', ')}: not bit-for-bit`);
  }

  #restoreRng(): void {
    if (this.#pendingRngState !== null) this.options.rngState?.setState(this.#pendingRngState);
    this.#pendingRngState = null;
  }

  #epochValue(): number {
    const length = epochLength(this.options.trainBatches);
    const { epoch, batchInEpoch } = this.#position;
    return length === undefined || length === 0 ? epoch : epoch + batchInEpoch / length;
  }

  #checkTensorCount(step: number): void {
    if (!this.options.checkTensorCount) return;
    const count = tf.memory().numTensors;
    if (this.#tensorBaseline === undefined) this.#tensorBaseline = count;
    else if (count > this.#tensorBaseline) {
      throw new TensorLeakError(
        `tf.memory().numTensors grew from ${this.#tensorBaseline} after the first step to ${count} after step ${step}; the lossFn, evalFn or a callback keeps tensors it does not dispose`,
      );
    }
  }
}
