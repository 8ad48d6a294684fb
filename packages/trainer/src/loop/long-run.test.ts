import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { AdamW } from '../optim/adamw.js';
import { linearSchedule } from '../optim/schedules.js';
import { pretrainingLossFn } from '../pretraining/pretraining-loss.js';
import { presetTinyConfig, SyntheticRng, syntheticBatch, tinyModel } from '../testing/synthetic.js';
import { Trainer } from './trainer.js';

describe('200 steps on the tiny preset (2 layers, H 128)', () => {
  it('keeps tf.memory().numTensors constant from step to step, and learns', async () => {
    const model = tinyModel(presetTinyConfig(), 4);
    const optimizer = new AdamW(model.namedParameters());
    const rng = new SyntheticRng(12);
    const batches = Array.from({ length: 4 }, () =>
      syntheticBatch(rng, { batchSize: 2, seqLength: 10, maxPredictions: 3 }),
    );
    const counts: number[] = [];
    const losses: number[] = [];
    const before = tf.memory().numTensors;
    const result = await new Trainer({
      model,
      optimizer,
      schedule: linearSchedule({ lr: 2e-3, warmupSteps: 10, totalSteps: 200 }),
      lossFn: pretrainingLossFn(),
      trainBatches: batches, // the same 4 batches every epoch: memorizable
      maxSteps: 200,
      progress: false,
      onLog: (entry) => {
        counts.push(tf.memory().numTensors);
        losses.push(entry['loss'] as number);
      },
    }).train();
    expect(result.globalStep).toBe(200);
    expect(counts).toHaveLength(200);
    expect(new Set(counts)).toEqual(new Set([before])); // the loop itself also throws TensorLeakError on growth
    const mean = (values: number[]) => values.reduce((sum, value) => sum + value, 0) / values.length;
    expect(mean(losses.slice(-20))).toBeLessThan(0.5 * mean(losses.slice(0, 20)));
    optimizer.dispose();
    model.dispose();
  });
});
