import { existsSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { UsageError } from '@bert/cli';
import { encodeTaggedSentences, encodeTextExamples, LabelSet, type TagScheme } from '@bert/data';
import { CONFIG_FILE, initBackend, labelNames, loadModel } from '@bert/model';
import { argmax, getEntities, predictLogits, softmax } from '@bert/trainer';
import { evaluateSplit, type PredictionRecord } from './evaluate.js';
import { RUN_ARGS_FILE } from './finetune.js';
import { readSplit } from './load-data.js';
import { type FinetuneModel, findTokenizer, loadTokenizer } from './model-setup.js';
import { type DataFormat, FINETUNE_DEFAULTS, type PredictOptions, type Task } from './options.js';

/** What the fine-tuning run saved about its data (`finetune_args.json`), used as defaults for prediction. */
interface SavedRun {
  readonly task?: Task;
  readonly format?: DataFormat;
  readonly textColumn?: string;
  readonly textPairColumn?: string;
  readonly tokenColumn?: string;
  readonly header?: boolean;
  readonly cased?: boolean;
  readonly maxSeqLength?: number;
}

function savedRun(dir: string): SavedRun {
  const path = join(dir, RUN_ARGS_FILE);
  if (!existsSync(path)) return {};
  try {
    return JSON.parse(readFileSync(path, 'utf8')) as SavedRun;
  } catch {
    return {};
  }
}

/** The task a saved model does, from its architecture and head (and the run's flags for pairs). */
function taskOf(model: FinetuneModel, saved: SavedRun, pairGiven: boolean): Task {
  if (model.kind === 'ForTokenClassification') return 'token-classification';
  if (model.config.numLabels === 1 || model.config.problemType === 'regression') return 'regression';
  return pairGiven || saved.task === 'pair-classification' ? 'pair-classification' : 'classification';
}

/**
 * `bert-finetune predict`: labels (and probabilities), regression values, or tags per word with character spans and
 * entities, for a file (TSV/CSV/JSONL/CoNLL, as in training; one JSON line per example) or one text.
 */
export async function runPredict(options: PredictOptions): Promise<{ records: PredictionRecord[]; task: Task }> {
  if (!existsSync(join(options.model, CONFIG_FILE)))
    throw new UsageError(`--model ${options.model}: no ${CONFIG_FILE}`);
  await initBackend(options.backend === undefined ? {} : { prefer: options.backend });
  const tokenizerPath = findTokenizer(options.model);
  if (tokenizerPath === undefined) throw new UsageError(`--model ${options.model}: no tokenizer.json or vocab.txt`);
  const saved = savedRun(options.model);
  const maxSeqLength = options.maxSeqLength ?? saved.maxSeqLength ?? FINETUNE_DEFAULTS.maxSeqLength;
  const tokenizer = loadTokenizer(tokenizerPath, saved.cased ?? false);
  const model = (await loadModel(options.model, { onWarning: () => {} })) as FinetuneModel;
  try {
    if (model.kind !== 'ForSequenceClassification' && model.kind !== 'ForTokenClassification') {
      throw new UsageError(`--model ${options.model}: a ${model.architecture}, not a fine-tuned classifier`);
    }
    const isFile = existsSync(options.input) && statSync(options.input).isFile();
    const task = taskOf(model, saved, options.textPair !== undefined || options.textPairColumn !== undefined);
    const labels = task === 'regression' ? undefined : LabelSet.fromId2Label(labelNames(model.config));
    const scheme: TagScheme = labels?.names.some((name) => /^[BIES]-/.test(name)) ? 'iob2' : 'none';
    const padId = tokenizer.tokenToId('[PAD]') ?? 0;
    const context = { task, labels, scheme, batchSize: options.batchSize, padId };
    if (isFile) {
      const raw = await readSplit(
        options.input,
        {
          format: options.format ?? saved.format,
          textColumn: options.textColumn ?? saved.textColumn,
          textPairColumn: options.textPairColumn ?? saved.textPairColumn,
          tokenColumn: options.tokenColumn ?? saved.tokenColumn,
          header: options.header && saved.header !== false,
        },
        task,
        { labelled: false },
      );
      const encoded =
        raw.kind === 'tagged'
          ? encodeTaggedSentences(raw.examples, tokenizer, { maxSeqLength })
          : encodeTextExamples(raw.examples, tokenizer, {
              maxSeqLength,
              unlabelled: true,
              regression: task === 'regression',
            });
      const { predictions } = await evaluateSplit(model, { raw, encoded }, context);
      if (raw.kind === 'tagged') for (const record of predictions) addEntities(record);
      return { records: predictions, task };
    }
    if (task === 'token-classification')
      return { records: [await tagText(model, tokenizer, options.input, maxSeqLength, labels as LabelSet)], task };
    const example = {
      text: options.input,
      ...(options.textPair === undefined ? {} : { textPair: options.textPair }),
      file: 'input',
      line: 1,
    };
    const raw = { kind: 'text' as const, source: 'input', examples: [example], skipped: 0 };
    const encoded = encodeTextExamples([example], tokenizer, {
      maxSeqLength,
      unlabelled: true,
      regression: task === 'regression',
    });
    const { predictions } = await evaluateSplit(model, { raw, encoded }, context);
    return { records: predictions.map(({ line: _line, ...record }) => record), task };
  } finally {
    model.dispose();
  }
}

/** Entities of a tagged record (word indices, inclusive), as seqeval chunks its tags. */
function addEntities(record: PredictionRecord): void {
  const tags = record['predicted'] as string[];
  const tokens = record['tokens'] as string[];
  record['entities'] = getEntities(tags).map(({ type, start, end }) => ({
    type,
    start,
    end,
    text: tokens.slice(start, end + 1).join(' '),
  }));
}

/** Tags one raw text: words as the tokenizer's pre-tokenizer splits them, with [start, end) character spans. */
async function tagText(
  model: FinetuneModel,
  tokenizer: ReturnType<typeof loadTokenizer>,
  input: string,
  maxSeqLength: number,
  labels: LabelSet,
): Promise<PredictionRecord> {
  const previous = tokenizer.truncation;
  tokenizer.setTruncation({ maxLength: maxSeqLength });
  const encoding = tokenizer.encode(input);
  tokenizer.setTruncation(previous ?? null);
  const T = encoding.length;
  const batch = {
    batchSize: 1,
    seqLength: T,
    inputIds: Int32Array.from(encoding.ids),
    tokenTypeIds: Int32Array.from(encoding.typeIds),
    attentionMask: new Int32Array(T).fill(1),
    labels: new Int32Array(T).fill(-100),
    indices: Int32Array.from([0]),
  };
  const [result] = await predictLogits(model, [batch]);
  const values = result?.logits ?? new Float32Array();
  const C = labels.size;
  const words: { word: string; tag: string; start: number; end: number; score: number }[] = [];
  encoding.wordIds.forEach((word, position) => {
    if (word === null) return;
    const [start, end] = encoding.offsets[position] as [number, number];
    const current = words[word];
    if (current !== undefined) {
      current.end = end;
      current.word = input.slice(current.start, end);
      return;
    }
    const probabilities = softmax(values, position * C, C);
    const best = argmax(values, position * C, C);
    words[word] = {
      word: input.slice(start, end),
      tag: labels.name(best),
      start,
      end,
      score: Number((probabilities[best] as number).toFixed(6)),
    };
  });
  const dense = words.filter((word) => word !== undefined);
  const entities = getEntities(dense.map((word) => word.tag)).map(({ type, start, end }) => {
    const from = (dense[start] as (typeof dense)[number]).start;
    const to = (dense[end] as (typeof dense)[number]).end;
    return { type, start: from, end: to, text: input.slice(from, to) };
  });
  return { text: input, words: dense, entities };
}
