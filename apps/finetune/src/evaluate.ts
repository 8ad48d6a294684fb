import type { EncodedExample, LabelSet, TaggedSentence, TagScheme, TextExample } from '@bert/data';
import { FinetuneDataset, firstTokenOfWords, Rng } from '@bert/data';
import {
  argmax,
  type ClassificationMetrics,
  classificationMetrics,
  type ExampleLogits,
  predictLogits,
  type RegressionMetrics,
  regressionMetrics,
  type SeqevalReport,
  seqevalReport,
  softmax,
} from '@bert/trainer';
import type { RawSplit } from './load-data.js';
import type { FinetuneModel } from './model-setup.js';
import type { Task } from './options.js';

/** A split ready for the model: the raw examples (for predictions.jsonl) and their encodings. */
export interface EncodedSplit {
  readonly raw: RawSplit;
  readonly encoded: readonly EncodedExample[];
}

/** One line of predictions.jsonl. */
export type PredictionRecord = Record<string, unknown>;

/** Everything an evaluation yields: flat metrics (logged as `eval_*`), the detailed report, per-example predictions. */
export interface SplitEvaluation {
  readonly metrics: Readonly<Record<string, number>>;
  readonly classification?: ClassificationMetrics;
  readonly regression?: RegressionMetrics;
  readonly entities?: SeqevalReport;
  readonly predictions: PredictionRecord[];
}

export interface EvaluationContext {
  readonly task: Task;
  readonly labels: LabelSet | undefined;
  readonly scheme: TagScheme;
  readonly batchSize: number;
  readonly padId: number;
}

/** The metric early stopping watches and the summary reports first, with its direction. */
export function primaryMetric(task: Task, scheme: TagScheme): { readonly name: string; readonly mode: 'max' | 'min' } {
  if (task === 'regression') return { name: 'pearson', mode: 'max' };
  if (task === 'token-classification' && scheme !== 'none') return { name: 'f1', mode: 'max' };
  return { name: 'accuracy', mode: 'max' };
}

/** Batches of a split in example order, sorted by nothing (the eval sets are small enough). */
function evalBatches(split: EncodedSplit, context: EvaluationContext) {
  return new FinetuneDataset(split.encoded, {
    batchSize: context.batchSize,
    padId: context.padId,
    regression: context.task === 'regression',
    rng: new Rng(0),
  }).inOrder();
}

/** Runs the model over a split and scores it; also used, unlabelled, by `bert-finetune predict`. */
export async function evaluateSplit(
  model: FinetuneModel,
  split: EncodedSplit,
  context: EvaluationContext,
): Promise<SplitEvaluation> {
  const logits = await predictLogits(model, evalBatches(split, context));
  if (split.raw.kind === 'tagged') return scoreTokens(logits, split.raw.examples, split.encoded, context);
  return scoreSequences(logits, split.raw.examples, split.encoded, context);
}

function scoreSequences(
  logits: readonly ExampleLogits[],
  examples: readonly TextExample[],
  encoded: readonly EncodedExample[],
  context: EvaluationContext,
): SplitEvaluation {
  const predictions: PredictionRecord[] = [];
  const base = (example: TextExample): PredictionRecord => ({
    line: example.line,
    text: example.text,
    ...(example.textPair === undefined ? {} : { text_pair: example.textPair }),
    ...(example.label === undefined ? {} : { label: example.label }),
  });
  if (context.task === 'regression') {
    const truth: number[] = [];
    const predicted: number[] = [];
    logits.forEach(({ index, logits: values }) => {
      const value = values[0] as number;
      predicted.push(value);
      truth.push(encoded[index]?.label as number);
      predictions.push({ ...base(examples[index] as TextExample), predicted: value });
    });
    const labelled = truth.every((value) => Number.isFinite(value));
    if (!labelled) return { metrics: {}, predictions };
    const regression = regressionMetrics(truth, predicted);
    return {
      metrics: {
        loss: regression.mse,
        mse: regression.mse,
        pearson: regression.pearson,
        spearman: regression.spearman,
      },
      regression,
      predictions,
    };
  }
  const labels = context.labels as LabelSet;
  const truth: number[] = [];
  const predicted: number[] = [];
  let nll = 0;
  for (const { index, logits: values } of logits) {
    const probabilities = softmax(values);
    const guess = argmax(values);
    const label = encoded[index]?.label as number;
    predicted.push(guess);
    truth.push(label);
    if (label >= 0) nll -= Math.log(Math.max(probabilities[label] as number, 1e-30));
    predictions.push({
      ...base(examples[index] as TextExample),
      predicted: labels.name(guess),
      probability: Number((probabilities[guess] as number).toFixed(6)),
    });
  }
  if (truth.some((label) => label < 0)) return { metrics: {}, predictions };
  const classification = classificationMetrics(truth, predicted, labels.names);
  const metrics: Record<string, number> = {
    loss: nll / Math.max(1, truth.length),
    accuracy: classification.accuracy,
    macro_f1: classification.macroF1,
    micro_f1: classification.microF1,
    weighted_f1: classification.weightedF1,
    mcc: classification.mcc,
  };
  // GLUE's F1 for binary tasks (MRPC, QQP) is the F1 of class 1.
  if (labels.size === 2) metrics['f1'] = classification.perClass[1]?.f1 ?? 0;
  return { metrics, classification, predictions };
}

/**
 * Token classification: each word's tag is the argmax at its first piece (what was trained); words without a
 * token (cut by `maxSeqLength`) get `O` (or the first label when there is no `O`), so truncation costs recall
 * honestly instead of shrinking the evaluation.
 */
function scoreTokens(
  logits: readonly ExampleLogits[],
  sentences: readonly TaggedSentence[],
  encoded: readonly EncodedExample[],
  context: EvaluationContext,
): SplitEvaluation {
  const labels = context.labels as LabelSet;
  const C = labels.size;
  const fallback = labels.has('O') ? 'O' : (labels.names[0] as string);
  const truthTags: string[][] = [];
  const predictedTags: string[][] = [];
  const predictions: PredictionRecord[] = [];
  let nll = 0;
  let labelledTokens = 0;
  for (const { index, logits: values, rows } of logits) {
    const sentence = sentences[index] as TaggedSentence;
    const example = encoded[index] as EncodedExample;
    const first = firstTokenOfWords(example.wordIds ?? [], sentence.tokens.length);
    const tags = Array.from(first, (position) =>
      position < 0 || position >= rows ? fallback : labels.name(argmax(values, position * C, C)),
    );
    const tokenLabels = example.label as Int32Array;
    for (let position = 0; position < rows; position++) {
      const label = tokenLabels[position] as number;
      if (label < 0) continue;
      const probabilities = softmax(values, position * C, C);
      nll -= Math.log(Math.max(probabilities[label] as number, 1e-30));
      labelledTokens++;
    }
    predictedTags.push(tags);
    if (sentence.tags !== undefined) truthTags.push([...sentence.tags]);
    predictions.push({
      line: sentence.line,
      tokens: sentence.tokens,
      ...(sentence.tags === undefined ? {} : { tags: sentence.tags }),
      predicted: tags,
    });
  }
  if (truthTags.length !== predictedTags.length) return { metrics: {}, predictions };
  const flatTruth = truthTags.flat().map((tag) => labels.id(tag, { file: 'evaluation', line: 0 }));
  const flatPredicted = predictedTags.flat().map((tag) => labels.id(tag, { file: 'evaluation', line: 0 }));
  const classification = classificationMetrics(flatTruth, flatPredicted, labels.names);
  const metrics: Record<string, number> = {
    loss: nll / Math.max(1, labelledTokens),
    accuracy: classification.accuracy,
    macro_f1: classification.macroF1,
  };
  if (context.scheme === 'none') return { metrics, classification, predictions };
  const entities = seqevalReport(truthTags, predictedTags);
  Object.assign(metrics, { precision: entities.micro.precision, recall: entities.micro.recall, f1: entities.micro.f1 });
  for (const [type, scores] of Object.entries(entities.perType)) metrics[`f1_${type}`] = scores.f1;
  return { metrics, classification, entities, predictions };
}
