import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, dirname, join, resolve } from 'node:path';
import { CheckpointError } from '@bert/core';
import { CONFIG_FILE, fromHfConfigJson, type HfConfigJson, loadModel, MODEL_TYPES } from '@bert/model';
import { Tokenizer } from '@bert/tokenizer';
import type { AttentionModel } from './compute-attention.js';

export const TOKENIZER_FILE = 'tokenizer.json';

export interface LoadAttentionModelOptions {
  /** A tokenizer.json to use; default `tokenizer.json` in the model directory, else in its parent (a run directory). */
  readonly tokenizerFile?: string;
  /** Receives weight-loading notices (unused head weights, …); default: dropped. */
  readonly onWarning?: (message: string) => void;
}

export interface LoadedAttentionModel {
  /** The base model (`BertModel` & co.): heads are not needed for attention. The caller disposes it. */
  readonly model: AttentionModel;
  readonly tokenizer: Tokenizer;
  readonly tokenizerFile: string;
  /** A short name for titles: the directory name, or `run/checkpoint-150` for a checkpoint. */
  readonly name: string;
}

/**
 * Loads an HF-format model directory (`config.json` + `model.safetensors`, ours or HF's) with its tokenizer for
 * attention export. Fails with one-line `CheckpointError`s naming the file: a directory that is no model, a config
 * without BERT-style multi-head self-attention (e.g. `model_type: "gpt2"`), a tokenizer that does not fit the model.
 */
export async function loadAttentionModel(
  dir: string,
  options: LoadAttentionModelOptions = {},
): Promise<LoadedAttentionModel> {
  if (!existsSync(dir)) throw new CheckpointError(`${dir}: no such directory`);
  if (!statSync(dir).isDirectory()) throw new CheckpointError(`${dir} is a file, not a model directory`);
  const configPath = join(dir, CONFIG_FILE);
  if (!existsSync(configPath)) throw new CheckpointError(`${dir}: no ${CONFIG_FILE}${await checkpointHint(dir)}`);
  const json = await readConfigJson(configPath);
  checkAttentionConfig(json, configPath);
  const { config } = fromHfConfigJson(json, configPath);

  const tokenizerFile = options.tokenizerFile ?? findTokenizer(dir);
  let tokenizer: Tokenizer;
  try {
    tokenizer = Tokenizer.fromFile(tokenizerFile);
  } catch (error) {
    throw new CheckpointError(`${tokenizerFile}: cannot load the tokenizer (${(error as Error).message})`);
  }
  const tokenizerVocab = tokenizer.getVocabSize();
  if (tokenizerVocab > config.vocabSize) {
    throw new CheckpointError(
      `${tokenizerFile} has ${tokenizerVocab} tokens but ${configPath} has vocab_size ${config.vocabSize}; ` +
        'the tokenizer does not belong to this model',
    );
  }
  const model = (await loadModel(dir, {
    kind: 'Model',
    onWarning: options.onWarning ?? (() => {}),
  })) as AttentionModel;
  return { model, tokenizer, tokenizerFile, name: modelName(dir) };
}

/**
 * Throws unless `json` describes a model with BERT-style multi-head self-attention that `@bert/model` can run:
 * a known `model_type` and positive head and layer counts.
 */
export function checkAttentionConfig(json: HfConfigJson, source: string): void {
  const modelType = json['model_type'];
  if (typeof modelType !== 'string' || !(MODEL_TYPES as readonly string[]).includes(modelType)) {
    throw new CheckpointError(
      `${source}: model_type ${JSON.stringify(modelType ?? null)} has no BERT-style self-attention to export; ` +
        `supported: ${MODEL_TYPES.join(', ')}`,
    );
  }
  const distil = modelType === 'distilbert';
  for (const key of distil ? ['n_heads', 'n_layers'] : ['num_attention_heads', 'num_hidden_layers']) {
    const value = json[key];
    if (value === undefined) {
      throw new CheckpointError(`${source}: no ${key}, so there is no multi-head attention to export`);
    }
    if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
      throw new CheckpointError(`${source}: ${key} must be a positive integer, got ${JSON.stringify(value)}`);
    }
  }
}

async function readConfigJson(path: string): Promise<HfConfigJson> {
  let value: unknown;
  try {
    value = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new CheckpointError(`${path}: not valid JSON (${(error as Error).message})`);
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new CheckpointError(`${path}: expected a JSON object`);
  }
  return value as HfConfigJson;
}

function findTokenizer(dir: string): string {
  const candidates = [join(dir, TOKENIZER_FILE), join(dirname(resolve(dir)), TOKENIZER_FILE)];
  const found = candidates.find((path) => existsSync(path));
  if (found === undefined) {
    throw new CheckpointError(`${dir}: no ${TOKENIZER_FILE} here or in its parent directory; give the tokenizer file`);
  }
  return found;
}

/** A run directory without a final model may still hold checkpoints: point at the newest. */
async function checkpointHint(dir: string): Promise<string> {
  const steps = (await readdir(dir))
    .map((name) => /^checkpoint-(\d+)$/.exec(name)?.[1])
    .filter((step): step is string => step !== undefined)
    .map(Number)
    .sort((left, right) => left - right);
  const last = steps.at(-1);
  return last === undefined
    ? ' (an HF model directory holds config.json and model.safetensors)'
    : `; it holds checkpoints, the newest is ${join(dir, `checkpoint-${last}`)}`;
}

function modelName(dir: string): string {
  const absolute = resolve(dir);
  const name = basename(absolute);
  return /^checkpoint-\d+$/.test(name) ? `${basename(dirname(absolute))}/${name}` : name;
}
