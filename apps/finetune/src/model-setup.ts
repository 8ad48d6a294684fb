import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { UsageError } from '@bert/cli';
import { CheckpointError } from '@bert/core';
import type { LabelSet } from '@bert/data';
import {
  type BertConfig,
  type BertForSequenceClassification,
  type BertForTokenClassification,
  bertPreset,
  CONFIG_FILE,
  createModel,
  loadModel,
  maxSequenceLength,
  type ModelKind,
  type PresetName,
} from '@bert/model';
import { createTrainingPipeline, finishBertPipeline, fromVocabFile, Tokenizer } from '@bert/tokenizer';
import type { Task } from './options.js';

export const TOKENIZER_FILE = 'tokenizer.json';
export type FinetuneModel = BertForSequenceClassification | BertForTokenClassification;

/** `tokenizer.json`, else `vocab.txt` (HF BERT directories), in `dir` or its parent (a `checkpoint-<step>/`). */
export function findTokenizer(dir: string): string | undefined {
  for (const folder of [dir, dirname(dir)]) {
    for (const name of [TOKENIZER_FILE, 'vocab.txt']) {
      const path = join(folder, name);
      if (existsSync(path)) return path;
    }
  }
  return undefined;
}

/**
 * A tokenizer from a file: HF `tokenizer.json`, or a BERT `vocab.txt` (WordPiece, lowercased unless `cased` or the
 * directory's `tokenizer_config.json` says `do_lower_case: false`).
 */
export function loadTokenizer(path: string, cased: boolean): Tokenizer {
  if (!existsSync(path)) throw new UsageError(`--tokenizer ${path}: no such file`);
  if (path.endsWith('.json')) return Tokenizer.fromFile(path);
  let lowercase = !cased;
  const configPath = join(dirname(path), 'tokenizer_config.json');
  if (!cased && existsSync(configPath)) {
    const config = JSON.parse(readFileSync(configPath, 'utf8')) as { do_lower_case?: boolean };
    if (config.do_lower_case === false) lowercase = false;
  }
  return fromVocabFile(path, { lowercase });
}

/** A BERT WordPiece tokenizer trained on `texts` (a `--preset` run without `--tokenizer`). */
export function trainWordPiece(texts: Iterable<string>, vocabSize: number, cased: boolean): Tokenizer {
  const { tokenizer, trainer } = createTrainingPipeline({ model: 'wordpiece', vocabSize, lowercase: !cased });
  return finishBertPipeline(tokenizer.train(trainer, texts));
}

export function modelKind(task: Task): ModelKind {
  return task === 'token-classification' ? 'ForTokenClassification' : 'ForSequenceClassification';
}

/** The head's config: C = labels (1 for regression, HF `problem_type` set), label names, optional dropout. */
export function headOverrides(
  task: Task,
  labels: LabelSet | undefined,
  dropout: number | undefined,
): Partial<BertConfig> {
  const regression = task === 'regression';
  return {
    numLabels: regression ? 1 : (labels?.size ?? 2),
    id2label: regression ? null : [...(labels?.names ?? [])],
    problemType: regression ? 'regression' : task === 'token-classification' ? null : 'single_label_classification',
    ...(dropout === undefined ? {} : { hiddenDropoutProb: dropout, attentionProbsDropoutProb: dropout }),
  };
}

export interface ModelSource {
  readonly model?: string;
  readonly preset?: Exclude<PresetName, 'seed'>;
  readonly task: Task;
  readonly labels: LabelSet | undefined;
  readonly dropout: number | undefined;
  readonly seed: number;
  readonly maxSeqLength: number;
  readonly tokenizer: Tokenizer;
}

/**
 * The model to fine-tune: a checkpoint directory (pretraining output, HF BERT, or an earlier fine-tune whose head
 * matches the labels) with a new head where it has none (HF init: normal 0.02, zero bias), or a fresh `preset` model
 * sized to the tokenizer.
 */
export async function createFinetuneModel(
  source: ModelSource,
  warn: (line: string) => void,
): Promise<{ model: FinetuneModel; description: string; newHead: readonly string[] }> {
  const kind = modelKind(source.task);
  const overrides = headOverrides(source.task, source.labels, source.dropout);
  const vocabularySize = source.tokenizer.getVocabSize();
  let model: FinetuneModel;
  let description: string;
  let newHead: readonly string[] = [];
  if (source.model !== undefined) {
    const configPath = join(source.model, CONFIG_FILE);
    if (!existsSync(configPath))
      throw new UsageError(`--model ${source.model}: no ${CONFIG_FILE} (not a model directory)`);
    checkExistingHead(configPath, kind, overrides);
    model = (await loadModel(source.model, {
      kind,
      configOverrides: overrides,
      seed: source.seed,
      onWarning: () => {},
      onReport: (report) => {
        newHead = report.missingKeys;
      },
    })) as FinetuneModel;
    if (newHead.length > 0) warn(`new weights (HF init, normal 0.02 / zero bias): ${newHead.join(', ')}`);
    description = source.model;
  } else {
    const preset = source.preset ?? 'tiny';
    const padTokenId = source.tokenizer.tokenToId('[PAD]') ?? 0;
    const config = bertPreset(preset, { vocabSize: vocabularySize, padTokenId, ...overrides });
    model = createModel(kind, config, { seed: source.seed }) as FinetuneModel;
    description = `--preset ${preset} from scratch`;
  }
  if (vocabularySize > model.config.vocabSize) {
    model.dispose();
    throw new CheckpointError(
      `the tokenizer has ${vocabularySize} tokens but the model's embeddings only ${model.config.vocabSize}; use the model's own tokenizer`,
    );
  }
  const positions = maxSequenceLength(model.config);
  if (source.maxSeqLength > positions) {
    model.dispose();
    throw new UsageError(
      `--max-seq-length ${source.maxSeqLength} exceeds the model's ${positions} position embeddings`,
    );
  }
  return { model, description, newHead };
}

/** A model that already has this kind of head must have as many outputs as the task: say so before loading fails. */
function checkExistingHead(configPath: string, kind: ModelKind, overrides: Partial<BertConfig>): void {
  const json = JSON.parse(readFileSync(configPath, 'utf8')) as {
    architectures?: string[];
    id2label?: Record<string, string>;
  };
  const architecture = json.architectures?.[0] ?? '';
  if (!architecture.endsWith(kind)) return;
  const names = Object.entries(json.id2label ?? {})
    .sort(([left], [right]) => Number(left) - Number(right))
    .map(([, name]) => name);
  if (names.length > 0 && names.length !== overrides.numLabels) {
    throw new UsageError(
      `${configPath}: the model already has a ${names.length}-output ${architecture} head but the task needs ${overrides.numLabels}; fine-tune its base model instead`,
    );
  }
  const wanted = overrides.id2label ?? null;
  const generic = names.every((name, index) => name === `LABEL_${index}`);
  if (wanted !== null && !generic && names.join('\u0000') !== wanted.join('\u0000')) {
    throw new UsageError(
      `${configPath}: the model's head predicts ${names.join(', ')} but the training data has ${wanted.join(', ')}; fine-tune its base model instead`,
    );
  }
}
