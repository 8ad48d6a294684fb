import * as tf from '@tensorflow/tfjs';
import { CheckpointError } from '../errors.js';
import { baseModelPrefix, tiedDecoderNames } from '../params/checkpoint-names.js';
import type { Parameter } from '../params/param-scope.js';
import type { BertPreTrainedModel } from '../pretrained-model.js';
import type { Float32Tensor } from './safetensors.js';

/** HF name → float32 values in PyTorch layout (`nn.Linear.weight` is [out, in]). */
export type StateDict = ReadonlyMap<string, Float32Tensor>;

/** What `loadStateDict` did, in HF's terms. */
export type LoadReport = {
  /** Model parameters absent from the checkpoint, left at their initial values (heads, pooler). */
  readonly missingKeys: readonly string[];
  /** Checkpoint tensors the model has no place for (another head, buffers excluded). */
  readonly unexpectedKeys: readonly string[];
};

export type LoadOptions = {
  /** Receives HF-style warnings about missing and unexpected names; `console.warn` by default. */
  readonly onWarning?: (message: string) => void;
  /** Names the checkpoint in messages. */
  readonly source?: string;
};

type AnyModel = BertPreTrainedModel<unknown>;

/** The model's parameters in PyTorch layout, ready to serialize. Reads every variable (a device → CPU sync). */
export async function exportStateDict(model: AnyModel): Promise<Map<string, Float32Tensor>> {
  const out = new Map<string, Float32Tensor>();
  for (const [name, parameter] of model.parameters()) {
    const tensor = parameter.layout === 'linear-kernel' ? tf.transpose(parameter.variable) : parameter.variable;
    const values = (await tensor.data()) as Float32Array;
    out.set(name, { shape: tensor.shape, values: new Float32Array(values) });
    if (tensor !== parameter.variable) tensor.dispose();
  }
  return out;
}

/**
 * Copies a checkpoint into the model's variables, the way HF `from_pretrained` matches names:
 * - legacy `LayerNorm.gamma/beta` read as `weight/bias`; `position_ids`/`token_type_ids` buffers are ignored;
 * - a base-model checkpoint loads into a head model (prefix added) and a head checkpoint into a base model (stripped);
 * - the tied MLM decoder (`cls.predictions.decoder.weight/bias`, absent from HF safetensors) is accepted and skipped.
 * Fails with `CheckpointError`, before changing any variable, on the first shape mismatch or when the embeddings or
 * encoder do not match the config (missing or extra layers). Missing heads or pooler are reported and keep their
 * fresh initialization, like HF's "newly initialized" warning; unused tensors of other heads are reported too.
 */
export function loadStateDict(model: AnyModel, checkpoint: StateDict, options: LoadOptions = {}): LoadReport {
  const source = options.source ?? 'checkpoint';
  const warn = options.onWarning ?? ((message: string) => console.warn(message));
  const parameters = model.parameters();
  const prefix = `${baseModelPrefix(model.config.modelType)}.`;
  const isBaseModel = model.kind === 'Model';
  const tensors = renameCheckpoint(checkpoint, prefix, isBaseModel, parameters);
  const tied = tiedDecoderNames(model.config.modelType);
  const embeddingsName = `${isBaseModel ? '' : prefix}embeddings.word_embeddings.weight`;
  if (!tensors.has(embeddingsName) && tensors.has(tied.weight) && parameters.has(embeddingsName)) {
    tensors.set(embeddingsName, tensors.get(tied.weight) as Float32Tensor); // only the decoder copy was saved
  }
  for (const name of [tied.weight, tied.bias]) if (!parameters.has(name)) tensors.delete(name);

  const assignments: [Parameter, Float32Tensor][] = [];
  const missingKeys: string[] = [];
  for (const [name, parameter] of parameters) {
    const tensor = tensors.get(name);
    if (tensor === undefined) {
      missingKeys.push(name);
      continue;
    }
    const expected = checkpointShape(parameter);
    if (tensor.shape.length !== expected.length || tensor.shape.some((size, axis) => size !== expected[axis])) {
      throw new CheckpointError(
        `${source}: "${name}" has shape [${tensor.shape}] in the checkpoint but [${expected}] in the model (${model.architecture})`,
      );
    }
    assignments.push([parameter, tensor]);
  }
  const unexpectedKeys = [...tensors.keys()].filter((name) => !parameters.has(name));
  const structural = (name: string) => {
    const inner = isBaseModel ? name : name.startsWith(prefix) ? name.slice(prefix.length) : null;
    return inner !== null && /^(embeddings|encoder|transformer)\./.test(inner);
  };
  const brokenMissing = missingKeys.find(structural);
  if (brokenMissing !== undefined) {
    throw new CheckpointError(
      `${source}: "${brokenMissing}" is missing from the checkpoint; does config.json match it?`,
    );
  }
  const brokenExtra = unexpectedKeys.find(structural);
  if (brokenExtra !== undefined) {
    throw new CheckpointError(
      `${source}: "${brokenExtra}" in the checkpoint has no place in ${model.architecture} with this config`,
    );
  }

  tf.tidy(() => {
    for (const [parameter, { shape, values }] of assignments) {
      const tensor = tf.tensor(values, [...shape], 'float32');
      parameter.variable.assign(parameter.layout === 'linear-kernel' ? tf.transpose(tensor) : tensor);
    }
  });
  if (unexpectedKeys.length > 0) {
    warn(
      `Some weights of the model checkpoint at ${source} were not used when initializing ${model.architecture}: [${unexpectedKeys.join(', ')}]`,
    );
  }
  if (missingKeys.length > 0) {
    warn(
      `Some weights of ${model.architecture} were not initialized from the model checkpoint at ${source} and are newly initialized: [${missingKeys.join(', ')}]\nYou should probably TRAIN this model on a down-stream task to be able to use it for predictions and inference.`,
    );
  }
  return { missingKeys, unexpectedKeys };
}

/** Non-persistent buffers older HF checkpoints contain (integer ids, not weights). */
export function isIgnoredBuffer(name: string): boolean {
  return /(^|\.)embeddings\.(position_ids|token_type_ids)$/.test(name);
}

/** [in, out] kernels are stored [out, in]; everything else as is. */
function checkpointShape(parameter: Parameter): number[] {
  const shape = parameter.variable.shape;
  return parameter.layout === 'linear-kernel' ? [...shape].reverse() : [...shape];
}

function renameCheckpoint(
  checkpoint: StateDict,
  prefix: string,
  isBaseModel: boolean,
  parameters: ReadonlyMap<string, Parameter>,
): Map<string, Float32Tensor> {
  const legacy = (name: string) => name.replace(/\.gamma$/, '.weight').replace(/\.beta$/, '.bias');
  const entries = [...checkpoint]
    .map(([name, tensor]) => [legacy(name), tensor] as const)
    .filter(([name]) => !isIgnoredBuffer(name));
  const hasPrefix = entries.some(([name]) => name.startsWith(prefix));
  const modelHasPrefix = [...parameters.keys()].some((name) => name.startsWith(prefix));
  let renamed = entries;
  if (isBaseModel && hasPrefix) {
    renamed = entries.map(([name, tensor]) => [name.startsWith(prefix) ? name.slice(prefix.length) : name, tensor]);
  } else if (!isBaseModel && modelHasPrefix && !hasPrefix) {
    renamed = entries.map(([name, tensor]) => [`${prefix}${name}`, tensor]);
  }
  return new Map(renamed);
}
