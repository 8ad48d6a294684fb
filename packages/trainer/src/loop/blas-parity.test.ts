import { disableBlasAccelerator, enableBlasAccelerator } from '@bert/model';
import { afterAll, describe, expect, it, vi } from 'vitest';
import { AdamW } from '../optim/adamw.js';
import { linearSchedule } from '../optim/schedules.js';
import { pretrainingLossFn } from '../pretraining/pretraining-loss.js';
import { presetTinyConfig, SyntheticRng, syntheticBatch, tinyModel } from '../testing/synthetic.js';
import { Trainer } from './trainer.js';

/** Whether @bert/accelerate-blas loads here (CI installs OpenBLAS; elsewhere this test is skipped). */
const blasLoads = async (): Promise<boolean> => {
  vi.stubEnv('BERT_BLAS', '');
  try {
    return (await enableBlasAccelerator()).active;
  } finally {
    vi.unstubAllEnvs();
    await disableBlasAccelerator();
  }
};
const available = await blasLoads();

/** 50 steps of MLM + NSP on the tiny preset (2 layers, H 128, dropout on); returns the loss of every step. */
async function lossCurve(): Promise<number[]> {
  const model = tinyModel(presetTinyConfig(), 4);
  const optimizer = new AdamW(model.namedParameters());
  const rng = new SyntheticRng(12);
  const batches = Array.from({ length: 4 }, () =>
    syntheticBatch(rng, { batchSize: 4, seqLength: 16, maxPredictions: 3 }),
  );
  const losses: number[] = [];
  await new Trainer({
    model,
    optimizer,
    schedule: linearSchedule({ lr: 2e-3, warmupSteps: 5, totalSteps: 50 }),
    lossFn: pretrainingLossFn(),
    trainBatches: batches,
    maxSteps: 50,
    progress: false,
    onLog: (entry) => losses.push(entry['loss'] as number),
  }).train();
  optimizer.dispose();
  model.dispose();
  return losses;
}

describe.skipIf(!available)('training with the OpenBLAS accelerator', () => {
  afterAll(async () => {
    await disableBlasAccelerator(); // vitest.setup.ts keeps this package's other tests on pure wasm
  });

  it('gives the loss curve of pure wasm over 50 tiny-preset steps, within float tolerance', async () => {
    vi.stubEnv('BERT_BLAS', '1'); // required: fail rather than compare pure wasm with itself
    const active = await enableBlasAccelerator();
    vi.unstubAllEnvs();
    expect(active.active).toBe(true);
    const blas = await lossCurve();
    await disableBlasAccelerator();
    const wasm = await lossCurve();
    expect(blas).toHaveLength(50);
    // Summation order differs (OpenBLAS vs our wasm GEMM), so the curves drift apart by rounding only.
    const drift = blas.map((loss, step) => Math.abs(loss - wasm[step]!) / Math.abs(wasm[step]!));
    expect(Math.max(...drift.slice(0, 10))).toBeLessThan(1e-5);
    expect(Math.max(...drift)).toBeLessThan(1e-4); // measured: 4e-7
    // And the run learned something, so the comparison is not between two flat lines.
    expect(blas.at(-1)!).toBeLessThan(0.8 * blas[0]!);
  });
});
