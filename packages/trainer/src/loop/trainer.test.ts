import { readFileSync } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadCheckpoint } from '../checkpoint/load-checkpoint.js';
import { NonFiniteLossError, TensorLeakError } from '../errors.js';
import { AdamW } from '../optim/adamw.js';
import { constantSchedule, linearSchedule } from '../optim/schedules.js';
import type { PretrainingBatch } from '../pretraining/pretraining-batch.js';
import { pretrainingLossFn } from '../pretraining/pretraining-loss.js';
import { houseTinyConfig, lazyEpochs, SyntheticRng, syntheticBatch, tinyModel } from '../testing/synthetic.js';
import { evaluateLoss } from './evaluate.js';
import type { LossFunction } from './loss-function.js';
import { parseMetricsLog } from './metrics-log.js';
import { Trainer } from './trainer.js';

type Model = ReturnType<typeof tinyModel>;
const lossFn = pretrainingLossFn();
const shape = { batchSize: 2, seqLength: 10, maxPredictions: 3 };
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bert-trainer-loop-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function setup(seed = 1) {
  const model = tinyModel(houseTinyConfig(), seed);
  const optimizer = new AdamW(model.namedParameters());
  const dispose = () => {
    optimizer.dispose();
    model.dispose();
  };
  return { model, optimizer, dispose };
}

function fixedBatches(count: number, seed = 5): PretrainingBatch[] {
  const rng = new SyntheticRng(seed);
  return Array.from({ length: count }, () => syntheticBatch(rng, shape));
}

describe('Trainer', () => {
  it('returns to the event loop between steps (wasm reads resolve in microtasks)', async () => {
    const { model, optimizer, dispose } = setup();
    let ticks = 0;
    const timer = setInterval(() => ticks++, 0);
    try {
      await new Trainer({
        model,
        optimizer,
        schedule: constantSchedule(1e-3),
        lossFn,
        trainBatches: fixedBatches(3),
        epochs: 1,
        progress: false,
      }).train();
    } finally {
      clearInterval(timer);
      dispose();
    }
    expect(ticks).toBeGreaterThan(0);
  });

  it('trains with accumulation and evaluation, writes metrics.jsonl and a self-contained report.html', async () => {
    const { model, optimizer, dispose } = setup();
    const rng = new SyntheticRng(9);
    const logDir = join(root, 'basic');
    const evalBatches = fixedBatches(2, 77);
    const trainer = new Trainer({
      model,
      optimizer,
      schedule: linearSchedule({ lr: 1e-3, warmupSteps: 2, totalSteps: 6 }),
      lossFn,
      trainBatches: lazyEpochs(rng, 5, shape), // 5 micro-batches, gradAccum 2: steps of 2, 2, 1 per epoch
      rngState: rng,
      gradAccum: 2,
      epochs: 2,
      evalFn: (m) => evaluateLoss(m, evalBatches, lossFn),
      evalEvery: 2,
      logDir,
      progress: false,
    });
    const result = await trainer.train();
    expect([result.globalStep, result.stopReason, result.epoch]).toEqual([6, 'epochs', 2]);

    const log = parseMetricsLog(await readFile(join(logDir, 'metrics.jsonl'), 'utf8'));
    expect(log.map((entry) => entry.step)).toEqual([1, 2, 3, 4, 5, 6]);
    expect(log.map((entry) => entry.epoch)).toEqual([0.4, 0.8, 1, 1.4, 1.8, 2]);
    for (const entry of log) {
      for (const field of ['loss', 'lr', 'grad_norm', 'tokens_per_second', 'mlm_accuracy', 'nsp_accuracy']) {
        expect(Number.isFinite(entry[field]), `${field} at step ${entry.step}`).toBe(true);
      }
    }
    expect(log.map((entry) => entry['lr'])).toEqual([0, 5e-4, 1e-3, 7.5e-4, 5e-4, 2.5e-4]);
    expect(log.filter((entry) => 'eval_loss' in entry).map((entry) => entry.step)).toEqual([2, 4, 6]);
    expect(Object.keys(log[1]!)).toEqual(
      expect.arrayContaining(['eval_mlm', 'eval_nsp', 'eval_mlm_accuracy', 'eval_nsp_accuracy']),
    );

    const html = await readFile(join(logDir, 'report.html'), 'utf8');
    const uplot = await readFile(createRequire(import.meta.url).resolve('uplot/dist/uPlot.iife.min.js'), 'utf8');
    expect(html).toContain(uplot.slice(200, 1200)); // the library itself, inlined
    expect(html).toContain('.uplot'); // and its stylesheet
    expect(html).not.toMatch(/https?:\/\//i);
    expect(html).not.toMatch(/<(script|link|img)[^>]+(src|href)=/i);
    const data = JSON.parse(/const DATA = (.*);\n/.exec(html)![1]!);
    expect(data.steps).toEqual([1, 2, 3, 4, 5, 6]);
    expect(data.charts.map((chart: { title: string }) => chart.title)).toContain('Accuracy');
    dispose();
  });

  it('stops on a NaN loss with a one-line error naming the step; the last good checkpoint stays intact', async () => {
    const { model, optimizer, dispose } = setup();
    const logDir = join(root, 'nan');
    const batches = fixedBatches(8);
    const poisoned = batches[4]; // step 5
    const nanAtStep5: LossFunction<Model, PretrainingBatch> = (m, batch, training, seed) => {
      const output = lossFn(m, batch, training, seed);
      return { loss: batch === poisoned ? tf.mul(output.loss, Number.NaN) : output.loss };
    };
    const saved = new Map<string, Buffer>();
    const trainer = new Trainer({
      model,
      optimizer,
      schedule: constantSchedule(1e-3),
      lossFn: nanAtStep5,
      trainBatches: batches,
      maxSteps: 8,
      saveEvery: 2,
      keepLast: 2,
      logDir,
      progress: false,
      onCheckpoint: (path, step) => {
        expect(path).toBe(join(logDir, `checkpoint-${step}`));
        saved.set(path, readFileSync(join(path, 'model.safetensors')));
      },
    });
    const error = await trainer.train().catch((caught: unknown) => caught);
    const last = join(logDir, 'checkpoint-4');
    expect(error).toBeInstanceOf(NonFiniteLossError);
    expect((error as Error).message).toBe(
      `loss is NaN at step 5; training stopped before the update (last good checkpoint: ${last})`,
    );
    expect((error as Error).message).not.toContain('\n');
    expect((await readdir(logDir)).sort()).toEqual(['checkpoint-2', 'checkpoint-4', 'metrics.jsonl', 'report.html']);
    expect(await readFile(join(last, 'model.safetensors'))).toEqual(saved.get(last));
    // The NaN step was not applied: the model still equals checkpoint-4.
    const probe = setup(99);
    await loadCheckpoint(last, probe);
    for (const [name, variable] of model.namedParameters()) {
      expect(Array.from(await probe.model.namedParameters().get(name)!.data()), name).toEqual(
        Array.from(await variable.data()),
      );
    }
    const log = parseMetricsLog(await readFile(join(logDir, 'metrics.jsonl'), 'utf8'));
    expect(log.map((entry) => entry.step)).toEqual([1, 2, 3, 4]);
    probe.dispose();
    dispose();
  });

  it('stops early after `patience` evaluations without improvement and remembers the best', async () => {
    const { model, optimizer, dispose } = setup();
    const losses = [1, 0.9, 0.95, 0.97, 0.5];
    let evaluations = 0;
    const trainer = new Trainer({
      model,
      optimizer,
      schedule: constantSchedule(1e-3),
      lossFn,
      trainBatches: fixedBatches(4),
      maxSteps: 20,
      evalFn: () => ({ loss: losses[evaluations++]! }),
      evalEvery: 1,
      earlyStopping: { metric: 'loss', patience: 2 },
      progress: false,
    });
    const result = await trainer.train();
    expect([result.stopReason, result.globalStep, result.bestMetric, evaluations]).toEqual([
      'early_stopping',
      4,
      0.9,
      4,
    ]);
    dispose();
  });

  it('throws TensorLeakError when a loss function leaks a tensor per step', async () => {
    const { model, optimizer, dispose } = setup();
    const leaky: LossFunction<Model, PretrainingBatch> = (m, batch, training, seed) => {
      tf.keep(tf.scalar(1)); // survives every tidy: one more tensor per step
      return lossFn(m, batch, training, seed);
    };
    const trainer = new Trainer({
      model,
      optimizer,
      schedule: constantSchedule(1e-3),
      lossFn: leaky,
      trainBatches: fixedBatches(3),
      maxSteps: 3,
      progress: false,
    });
    await expect(trainer.train()).rejects.toThrow(TensorLeakError);
    await expect(trainer.train()).rejects.toThrow(/numTensors grew from \d+ after the first step to \d+ after step \d/);
    dispose();
  });

  it('resumes in-process from an EpochBatches source to the same history as an uninterrupted run', async () => {
    const run = async (logDir: string, maxSteps: number, resumeFrom?: string) => {
      const { model, optimizer, dispose } = setup(3);
      const rng = new SyntheticRng(31);
      // A seekable source, as @bert/data's could be: the order is a function of (epoch, index), the masking draws
      // from the RNG provider, whose state the checkpoint restores.
      const source = (epoch: number, start: number) =>
        (function* () {
          for (let index = start; index < 4; index++)
            yield syntheticBatch(new SyntheticRng(epoch * 100 + index + rng.int(0, 1000)), shape);
        })();
      const trainer = new Trainer({
        model,
        optimizer,
        schedule: linearSchedule({ lr: 1e-3, totalSteps: 6 }),
        lossFn,
        trainBatches: source,
        rngState: rng,
        maxSteps,
        saveEvery: 2,
        logDir,
        progress: false,
        ...(resumeFrom === undefined ? {} : { resumeFrom }),
      });
      const result = await trainer.train();
      dispose();
      return result.logHistory.map(({ tokens_per_second: _, ...entry }) => entry);
    };
    const full = await run(join(root, 'full'), 6);
    await run(join(root, 'part'), 4);
    const resumed = await run(join(root, 'part'), 6, 'latest');
    expect(resumed).toEqual(full);
    expect(resumed.map((entry) => entry.epoch)).toEqual([0, 0, 0, 0, 1, 1]);
  });

  it('refuses to start afresh over existing checkpoints and checks its options, quoting values', async () => {
    const { model, optimizer, dispose } = setup();
    const base = {
      model,
      optimizer,
      schedule: constantSchedule(1e-3),
      lossFn,
      trainBatches: fixedBatches(2),
      progress: false,
    };
    await expect(new Trainer({ ...base, maxSteps: 2, logDir: join(root, 'nan') }).train()).rejects.toThrow(
      `logDir (${join(root, 'nan')}) already holds checkpoint-2, checkpoint-4; pass resumeFrom: 'latest' or overwrite: true`,
    );
    expect(() => new Trainer({ ...base })).toThrow('give maxSteps or epochs (both are undefined)');
    expect(() => new Trainer({ ...base, maxSteps: 2, gradAccum: 0 })).toThrow('gradAccum (0) must be an integer ≥ 1');
    expect(() => new Trainer({ ...base, maxSteps: 2, saveEvery: 5 })).toThrow('saveEvery (5) needs a logDir');
    dispose();
  });
});
