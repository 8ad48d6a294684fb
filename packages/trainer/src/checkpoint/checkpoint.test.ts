import { mkdir, mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parseSafetensors, serializeSafetensors } from '@bert/model';
import * as tf from '@tensorflow/tfjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { trainStep } from '../loop/train-step.js';
import { AdamW } from '../optim/adamw.js';
import { constantSchedule } from '../optim/schedules.js';
import { pretrainingLossFn } from '../pretraining/pretraining-loss.js';
import { houseTinyConfig, SyntheticRng, syntheticBatch, tinyModel } from '../testing/synthetic.js';
import { latestCheckpoint, listCheckpoints, removeTemporaries } from './checkpoint-dirs.js';
import { loadCheckpoint } from './load-checkpoint.js';
import { saveCheckpoint } from './save-checkpoint.js';
import type { TrainerStateJson } from './trainer-state.js';

const lossFn = pretrainingLossFn();
const rng = new SyntheticRng(21);
const batches = Array.from({ length: 3 }, () =>
  syntheticBatch(rng, { batchSize: 2, seqLength: 10, maxPredictions: 3 }),
);
let root: string;
beforeAll(async () => {
  root = await mkdtemp(join(tmpdir(), 'bert-trainer-checkpoint-'));
});
afterAll(async () => {
  await rm(root, { recursive: true, force: true });
});

function stateAt(step: number): TrainerStateJson {
  return {
    global_step: step,
    epoch: 0,
    max_steps: 10,
    num_train_epochs: null,
    log_history: [{ step, epoch: 0, loss: 1.5 }],
    best_metric: null,
    best_model_checkpoint: null,
    seed: 42,
    gradient_accumulation_steps: 1,
    data_position: { epoch: 0, batch_in_epoch: step },
    rng_state: [123],
    scheduler: constantSchedule(1e-3).state,
    early_stopping: null,
    format_version: 1,
  };
}

async function step(model: ReturnType<typeof tinyModel>, optimizer: AdamW, index: number) {
  return trainStep({
    model,
    parameters: model.namedParameters(),
    optimizer,
    lossFn,
    microBatches: [batches[index % batches.length]!],
    dropoutSeeds: [1000 + index],
    lr: 1e-3,
    clipNorm: 1,
    step: index + 1,
  });
}

async function snapshot(model: ReturnType<typeof tinyModel>): Promise<Map<string, number[]>> {
  const out = new Map<string, number[]>();
  for (const [name, variable] of model.namedParameters()) out.set(name, Array.from(await variable.data()));
  return out;
}

describe('checkpoints', () => {
  it('round-trip: identical outputs after loading, and an identical next step', async () => {
    const config = houseTinyConfig();
    const [model, other] = [tinyModel(config, 1), tinyModel(config, 2)];
    const [optimizer, otherOptimizer] = [new AdamW(model.namedParameters()), new AdamW(other.namedParameters())];
    await step(model, optimizer, 0);
    await step(model, optimizer, 1);
    const tensors = tf.memory().numTensors;
    const path = await saveCheckpoint(join(root, 'round-trip'), 2, { model, optimizer, trainerState: stateAt(2) });
    expect((await readdir(path)).sort()).toEqual([
      'config.json',
      'model.safetensors',
      'optimizer.safetensors',
      'trainer_state.json',
    ]);

    const state = await loadCheckpoint(path, { model: other, optimizer: otherOptimizer });
    expect([state.global_step, state.rng_state, state.data_position]).toEqual([
      2,
      [123],
      { epoch: 0, batch_in_epoch: 2 },
    ]);
    expect(otherOptimizer.step).toBe(2);
    expect(tf.memory().numTensors).toBe(tensors); // neither saving nor loading leaves tensors behind
    expect(await snapshot(other)).toEqual(await snapshot(model));

    const forward = async (m: typeof model) => {
      const tensors = (await import('../pretraining/pretraining-batch.js')).toTensors(batches[0]!);
      const out = m.forward(tensors, { training: false });
      const logits = Array.from(await out.prediction_logits.data());
      tf.dispose([tensors, out] as unknown as tf.TensorContainer);
      return logits;
    };
    expect(await forward(other)).toEqual(await forward(model));

    const [next, otherNext] = [await step(model, optimizer, 2), await step(other, otherOptimizer, 2)];
    expect(otherNext).toEqual(next); // loss, grad norm and metrics, bit for bit
    expect(await snapshot(other)).toEqual(await snapshot(model));
    for (const item of [optimizer, otherOptimizer, model, other]) item.dispose();
  });

  it('stores optimizer moments under HF names in PyTorch layout, with the step', async () => {
    const model = tinyModel(houseTinyConfig(), 1);
    const optimizer = new AdamW(model.namedParameters());
    await step(model, optimizer, 0);
    const path = await saveCheckpoint(join(root, 'layout'), 1, { model, optimizer, trainerState: stateAt(1) });
    const file = parseSafetensors(new Uint8Array(await readFile(join(path, 'optimizer.safetensors'))));
    expect(file.metadata).toEqual({ format: 'pt', step: '1' });
    const kernel = 'bert.encoder.layer.0.intermediate.dense.weight'; // [in 32, out 37] in memory
    expect(model.namedParameters().get(kernel)!.shape).toEqual([32, 37]);
    expect(file.tensors.get(`${kernel}.exp_avg`)!.shape).toEqual([37, 32]);
    expect(file.tensors.get(`${kernel}.exp_avg_sq`)!.shape).toEqual([37, 32]);
    expect(file.tensors.size).toBe(2 * model.namedParameters().size);
    optimizer.dispose();
    model.dispose();
  });

  it('keeps the last K, ignores and cleans half-written temporaries, replaces a re-saved step', async () => {
    const dir = join(root, 'rotation');
    const model = tinyModel(houseTinyConfig(), 1);
    const optimizer = new AdamW(model.namedParameters());
    for (let s = 1; s <= 5; s++)
      await saveCheckpoint(dir, s, { model, optimizer, trainerState: stateAt(s) }, { keepLast: 2 });
    expect((await listCheckpoints(dir)).map((entry) => entry.step)).toEqual([4, 5]);

    // A process killed mid-save leaves only a temporary directory: never listed, removed on the next start.
    await mkdir(join(dir, '.tmp-checkpoint-6-999'));
    await writeFile(join(dir, '.tmp-checkpoint-6-999', 'config.json'), '{');
    await mkdir(join(dir, 'checkpoint-7')); // no trainer_state.json: not complete
    expect(await latestCheckpoint(dir)).toBe(join(dir, 'checkpoint-5'));
    await removeTemporaries(dir);
    expect((await readdir(dir)).sort()).toEqual(['checkpoint-4', 'checkpoint-5', 'checkpoint-7']);
    await rm(join(dir, 'checkpoint-7'), { recursive: true });

    await saveCheckpoint(dir, 5, { model, optimizer, trainerState: { ...stateAt(5), seed: 7 } }, { keepLast: 2 });
    const saved = JSON.parse(await readFile(join(dir, 'checkpoint-5', 'trainer_state.json'), 'utf8'));
    expect(saved.seed).toBe(7);
    expect((await readdir(dir)).sort()).toEqual(['checkpoint-4', 'checkpoint-5']);
    optimizer.dispose();
    model.dispose();
  });

  it('refuses a checkpoint of another config, naming the first mismatch, and changes nothing', async () => {
    const model = tinyModel(houseTinyConfig(), 1);
    const optimizer = new AdamW(model.namedParameters());
    const path = await saveCheckpoint(join(root, 'mismatch'), 3, { model, optimizer, trainerState: stateAt(3) });

    const wider = tinyModel(houseTinyConfig({ hiddenSize: 64 }), 1);
    const widerOptimizer = new AdamW(wider.namedParameters());
    const before = await snapshot(wider);
    await expect(loadCheckpoint(path, { model: wider, optimizer: widerOptimizer })).rejects.toThrow(
      `${path}/config.json: hidden_size is 32 in the checkpoint but 64 in the model`,
    );
    expect(await snapshot(wider)).toEqual(before);
    expect(widerOptimizer.step).toBe(0);

    const heads = tinyModel(houseTinyConfig({ numAttentionHeads: 2 }), 1); // same shapes, different model
    const headsOptimizer = new AdamW(heads.namedParameters());
    await expect(loadCheckpoint(path, { model: heads, optimizer: headsOptimizer })).rejects.toThrow(
      'num_attention_heads is 4 in the checkpoint but 2 in the model',
    );

    // Same config, but a weight file with one tensor of the wrong shape: the error names it.
    const weightsPath = join(path, 'model.safetensors');
    const file = parseSafetensors(new Uint8Array(await readFile(weightsPath)));
    const tensors = new Map(
      [...file.tensors].map(([name, entry]) => [
        name,
        { shape: entry.shape, values: new Float32Array(entry.data.slice().buffer) },
      ]),
    );
    tensors.set('bert.pooler.dense.bias', { shape: [31], values: new Float32Array(31) });
    await writeFile(weightsPath, serializeSafetensors(tensors));
    const same = tinyModel(houseTinyConfig(), 2);
    const sameOptimizer = new AdamW(same.namedParameters());
    await expect(loadCheckpoint(path, { model: same, optimizer: sameOptimizer })).rejects.toMatchObject({
      name: 'CheckpointError',
      message: `${weightsPath}: "bert.pooler.dense.bias" has shape [31] in the checkpoint but [32] in the model`,
    });
    tensors.delete('bert.pooler.dense.bias');
    await writeFile(weightsPath, serializeSafetensors(tensors));
    await expect(loadCheckpoint(path, { model: same, optimizer: sameOptimizer })).rejects.toThrow(
      'parameter "bert.pooler.dense.bias" is missing',
    );
    for (const item of [optimizer, widerOptimizer, headsOptimizer, sameOptimizer, model, wider, heads, same])
      item.dispose();
  });
});
