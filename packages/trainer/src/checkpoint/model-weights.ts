import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CheckpointError } from '@bert/core';
import {
  type BertPreTrainedModel,
  CONFIG_FILE,
  entryToFloat32,
  parseSafetensors,
  toHfConfigJson,
  WEIGHTS_FILE,
} from '@bert/model';
import * as tf from '@tensorflow/tfjs';

/** Config fields that change no weight's meaning (dropout rates, init range); they may differ on resume. */
const NON_STRUCTURAL = new Set([
  'attention_probs_dropout_prob',
  'hidden_dropout_prob',
  'classifier_dropout',
  'classifier_dropout_prob',
  'attention_dropout',
  'dropout',
  'seq_classif_dropout',
  'initializer_range',
  'torch_dtype',
  'transformers_version',
]);

/**
 * Reads a checkpoint's `config.json` + `model.safetensors` for an existing model, strictly: the configs must agree
 * on every structural field and the weights on every name and shape (no missing, no extra tensor), else
 * `CheckpointError` names the first mismatch. Returns the function that copies the values in — exactly (dense
 * kernels are transposed back from PyTorch's [out, in]), so the model continues bit-for-bit — so that callers can
 * check other files before changing any variable.
 */
export async function prepareModelWeights(model: BertPreTrainedModel<unknown>, dir: string): Promise<() => void> {
  const configPath = join(dir, CONFIG_FILE);
  let saved: Record<string, unknown>;
  try {
    saved = JSON.parse(await readOrFail(configPath, 'utf8')) as Record<string, unknown>;
  } catch (error) {
    if (error instanceof CheckpointError) throw error;
    throw new CheckpointError(`${configPath}: not valid JSON (${(error as Error).message})`);
  }
  const current = toHfConfigJson(model.config, model.architecture);
  for (const key of new Set([...Object.keys(current), ...Object.keys(saved)])) {
    if (NON_STRUCTURAL.has(key)) continue;
    const [left, right] = [JSON.stringify(saved[key]), JSON.stringify(current[key])];
    if (left !== right) {
      throw new CheckpointError(`${configPath}: ${key} is ${left} in the checkpoint but ${right} in the model`);
    }
  }
  const weightsPath = join(dir, WEIGHTS_FILE);
  const file = parseSafetensors(new Uint8Array(await readOrFail(weightsPath)), weightsPath);
  const parameters = model.parameters();
  const values = new Map<string, Float32Array>();
  for (const [name, parameter] of parameters) {
    const entry = file.tensors.get(name);
    if (entry === undefined) throw new CheckpointError(`${weightsPath}: parameter "${name}" is missing`);
    const expected =
      parameter.layout === 'linear-kernel' ? [...parameter.variable.shape].reverse() : parameter.variable.shape;
    if (entry.shape.length !== expected.length || entry.shape.some((size, axis) => size !== expected[axis])) {
      throw new CheckpointError(
        `${weightsPath}: "${name}" has shape [${entry.shape}] in the checkpoint but [${expected}] in the model`,
      );
    }
    values.set(name, entryToFloat32(entry, name));
  }
  for (const name of file.tensors.keys()) {
    if (!parameters.has(name))
      throw new CheckpointError(`${weightsPath}: "${name}" is not a parameter of ${model.architecture}`);
  }
  return () =>
    tf.tidy(() => {
      for (const [name, parameter] of parameters) {
        const shape = parameter.variable.shape;
        const stored = parameter.layout === 'linear-kernel' ? [...shape].reverse() : [...shape];
        const tensor = tf.tensor(values.get(name) as Float32Array, stored, 'float32');
        parameter.variable.assign(parameter.layout === 'linear-kernel' ? tf.transpose(tensor) : tensor);
      }
    });
}

async function readOrFail(path: string): Promise<Buffer>;
async function readOrFail(path: string, encoding: 'utf8'): Promise<string>;
async function readOrFail(path: string, encoding?: 'utf8'): Promise<Buffer | string> {
  try {
    return encoding === undefined ? await readFile(path) : await readFile(path, encoding);
  } catch (error) {
    throw new CheckpointError(
      `${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
}
