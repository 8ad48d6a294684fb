import { mkdir, readFile, rename, stat, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { BertModel } from '../bert-model.js';
import type { BertConfig } from '../config.js';
import { resolveBertConfig } from '../config.js';
import { CheckpointError } from '../errors.js';
import { BertForMaskedLM } from '../heads/bert-for-masked-lm.js';
import { BertForPreTraining } from '../heads/bert-for-pre-training.js';
import { BertForSequenceClassification } from '../heads/bert-for-sequence-classification.js';
import { BertForTokenClassification } from '../heads/bert-for-token-classification.js';
import type { InitOptions } from '../params/param-scope.js';
import type { BertPreTrainedModel, ModelKind } from '../pretrained-model.js';
import { fromHfConfigJson, type HfConfigJson, toHfConfigJson } from './config-json.js';
import { entryToFloat32, type Float32Tensor, parseSafetensors, serializeSafetensors } from './safetensors.js';
import { exportStateDict, isIgnoredBuffer, type LoadOptions, type LoadReport, loadStateDict } from './state-dict.js';

export const CONFIG_FILE = 'config.json';
export const WEIGHTS_FILE = 'model.safetensors';

type AnyModel = BertPreTrainedModel<unknown>;
type ModelClass = new (config: BertConfig, options?: InitOptions) => AnyModel;

const CLASSES: Readonly<Record<ModelKind, ModelClass>> = {
  Model: BertModel,
  ForPreTraining: BertForPreTraining,
  ForMaskedLM: BertForMaskedLM,
  ForSequenceClassification: BertForSequenceClassification,
  ForTokenClassification: BertForTokenClassification,
};

/** `BertForMaskedLM`, `AlbertForPreTraining`, … → the model kind; `undefined` for classes not implemented here. */
export function modelKindOf(architecture: string): ModelKind | undefined {
  const match =
    /^(?:Bert|Roberta|DistilBert|Albert)(Model|ForPreTraining|ForMaskedLM|ForSequenceClassification|ForTokenClassification)$/.exec(
      architecture,
    );
  return match?.[1] as ModelKind | undefined;
}

/** Builds the class of `kind` for `config` (freshly initialized). */
export function createModel(kind: ModelKind, config: BertConfig, init: InitOptions = {}): AnyModel {
  return new CLASSES[kind](config, init);
}

/** Writes `config.json` and `model.safetensors` (F32, HF names, PyTorch layouts) into `dir`, creating it. */
export async function saveModel(model: AnyModel, dir: string): Promise<void> {
  await mkdir(dir, { recursive: true });
  const configJson = `${JSON.stringify(toHfConfigJson(model.config, model.architecture), null, 2)}\n`;
  const weights = serializeSafetensors(await exportStateDict(model), { format: 'pt' });
  await writeAtomically(join(dir, CONFIG_FILE), configJson);
  await writeAtomically(join(dir, WEIGHTS_FILE), weights);
}

export type LoadModelOptions = LoadOptions &
  InitOptions & {
    /** Build this class instead of `architectures[0]`, e.g. `BertForSequenceClassification` over a pretraining checkpoint. */
    readonly kind?: ModelKind;
    /** Config fields to change before building, e.g. `{ numLabels: 3, hiddenDropoutProb: 0.2 }`. */
    readonly configOverrides?: Partial<BertConfig>;
    /** Receives what was missing or unused. */
    readonly onReport?: (report: LoadReport) => void;
  };

/**
 * Reads an HF-format model directory (ours or one saved by HF transformers) and returns the model with its weights.
 * Heads absent from the checkpoint keep a fresh (seedable) initialization and are named in a warning.
 */
export async function loadModel(dir: string, options: LoadModelOptions = {}): Promise<AnyModel> {
  const configPath = join(dir, CONFIG_FILE);
  const weightsPath = join(dir, WEIGHTS_FILE);
  const json = JSON.parse(await readText(configPath)) as HfConfigJson;
  const { config, architecture } = fromHfConfigJson(json, configPath);
  const kind = options.kind ?? (architecture === undefined ? 'Model' : modelKindOf(architecture));
  if (kind === undefined) {
    throw new CheckpointError(`${configPath}: architecture "${architecture}" is not implemented; pass options.kind`);
  }
  const resolved =
    options.configOverrides === undefined ? config : resolveBertConfig({ ...config, ...options.configOverrides });
  const bytes = await readBinary(weightsPath);
  const file = parseSafetensors(bytes, weightsPath);
  const stateDict = new Map<string, Float32Tensor>();
  for (const [name, entry] of file.tensors) {
    if (!isIgnoredBuffer(name)) stateDict.set(name, { shape: entry.shape, values: entryToFloat32(entry, name) });
  }
  // Zeros first (no random draws for 110 M values about to be overwritten); then HF init for what was missing.
  const model = createModel(kind, resolved, {
    ...(options.seed === undefined ? {} : { seed: options.seed }),
    skipInit: true,
  });
  try {
    const report = loadStateDict(model, stateDict, { ...options, source: weightsPath });
    model.registry.initialize(report.missingKeys);
    options.onReport?.(report);
  } catch (error) {
    model.dispose();
    throw error;
  }
  return model;
}

async function readText(path: string): Promise<string> {
  try {
    return await readFile(path, 'utf8');
  } catch (error) {
    throw new CheckpointError(
      `${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
}

async function readBinary(path: string): Promise<Uint8Array> {
  try {
    return new Uint8Array(await readFile(path));
  } catch (error) {
    const legacy = join(path, '..', 'pytorch_model.bin');
    const hasLegacy = await stat(legacy).then(
      () => true,
      () => false,
    );
    const hint = hasLegacy ? '; pytorch_model.bin (pickle) is not supported, convert it to safetensors' : '';
    throw new CheckpointError(
      `${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})${hint}`,
    );
  }
}

async function writeAtomically(path: string, contents: string | Uint8Array): Promise<void> {
  const temporary = `${path}.tmp-${process.pid}`;
  await writeFile(temporary, contents);
  await rename(temporary, path);
}
