import { ShapeError } from '@bert/core';

/** Precision, recall and F1 of one class, and how many true examples it has. */
export interface ClassScores {
  readonly label: string;
  readonly precision: number;
  readonly recall: number;
  readonly f1: number;
  /** True examples of the class. */
  readonly support: number;
}

/** Everything `classificationMetrics` computes; rates are in [0, 1], MCC in [-1, 1]. */
export interface ClassificationMetrics {
  readonly accuracy: number;
  /** Unweighted mean of the per-class F1 over the classes that occur in the truth or the predictions (sklearn). */
  readonly macroF1: number;
  /** F1 of the pooled counts; equals accuracy for single-label classification (kept for the report). */
  readonly microF1: number;
  /** Per-class F1 weighted by support (sklearn `average='weighted'`). */
  readonly weightedF1: number;
  /** Matthews correlation, multi-class form (sklearn `matthews_corrcoef`, the CoLA metric); 0 when undefined. */
  readonly mcc: number;
  /** One row per class id, in id order (classes absent from both truth and predictions have support 0 and 0s). */
  readonly perClass: readonly ClassScores[];
  /** [C][C], rows = true class, columns = predicted class (sklearn's layout). */
  readonly confusionMatrix: readonly (readonly number[])[];
  readonly labels: readonly string[];
  readonly count: number;
}

function checkPair(truth: ArrayLike<number>, predicted: ArrayLike<number>): void {
  if (truth.length !== predicted.length) {
    throw new ShapeError(`truth has ${truth.length} values but predicted has ${predicted.length}`);
  }
}

/**
 * Counts [C][C]: `matrix[t][p]` = examples of true class t predicted as p. Ids outside [0, C) are a `ShapeError`.
 *
 * @example confusionMatrix([0, 0, 1], [0, 1, 1], 2) // [[1, 1], [0, 1]]
 */
export function confusionMatrix(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  numClasses: number,
): number[][] {
  checkPair(truth, predicted);
  const matrix = Array.from({ length: numClasses }, () => new Array<number>(numClasses).fill(0));
  for (let index = 0; index < truth.length; index++) {
    const t = truth[index] as number;
    const p = predicted[index] as number;
    if (!(Number.isInteger(t) && t >= 0 && t < numClasses && Number.isInteger(p) && p >= 0 && p < numClasses)) {
      throw new ShapeError(`example ${index}: class ids (${t}, ${p}) must be integers in [0, ${numClasses})`);
    }
    (matrix[t] as number[])[p] = ((matrix[t] as number[])[p] as number) + 1;
  }
  return matrix;
}

/** Share of equal entries; 0 for no examples. */
export function accuracy(truth: ArrayLike<number>, predicted: ArrayLike<number>): number {
  checkPair(truth, predicted);
  let hits = 0;
  for (let index = 0; index < truth.length; index++) if (truth[index] === predicted[index]) hits++;
  return truth.length === 0 ? 0 : hits / truth.length;
}

/** tp / denominator, 0 when the denominator is 0 (sklearn's `zero_division=0`). */
function ratio(numerator: number, denominator: number): number {
  return denominator === 0 ? 0 : numerator / denominator;
}

function f1Of(precision: number, recall: number): number {
  return precision + recall === 0 ? 0 : (2 * precision * recall) / (precision + recall);
}

/** Per-class precision, recall, F1 and support from a confusion matrix (rows true, columns predicted). */
export function classScores(matrix: readonly (readonly number[])[], labels: readonly string[]): ClassScores[] {
  const C = matrix.length;
  return Array.from({ length: C }, (_, c) => {
    const tp = matrix[c]?.[c] ?? 0;
    let predictedC = 0;
    let trueC = 0;
    for (let other = 0; other < C; other++) {
      predictedC += matrix[other]?.[c] ?? 0;
      trueC += matrix[c]?.[other] ?? 0;
    }
    const precision = ratio(tp, predictedC);
    const recall = ratio(tp, trueC);
    return { label: labels[c] ?? String(c), precision, recall, f1: f1Of(precision, recall), support: trueC };
  });
}

/**
 * Matthews correlation coefficient of a C-class confusion matrix (Gorodkin's R_K, as sklearn computes it):
 * (c·s − Σ t_k p_k) / √((s² − Σ p_k²)(s² − Σ t_k²)), c = correct, s = total, t_k / p_k = true / predicted counts of
 * class k. Returns 0 when a factor under the root is 0 (all examples in one true or one predicted class).
 *
 * @example matthewsCorrelation([[2, 1], [1, 2]]) // (4·6 − 18) / √(18·18) = 1/3
 */
export function matthewsCorrelation(matrix: readonly (readonly number[])[]): number {
  const C = matrix.length;
  let correct = 0;
  let total = 0;
  const trueCounts = new Array<number>(C).fill(0);
  const predictedCounts = new Array<number>(C).fill(0);
  for (let t = 0; t < C; t++) {
    for (let p = 0; p < C; p++) {
      const count = matrix[t]?.[p] ?? 0;
      total += count;
      if (t === p) correct += count;
      trueCounts[t] = (trueCounts[t] as number) + count;
      predictedCounts[p] = (predictedCounts[p] as number) + count;
    }
  }
  const dot = (left: number[], right: number[]) =>
    left.reduce((sum, value, index) => sum + value * (right[index] as number), 0);
  const covariance = correct * total - dot(trueCounts, predictedCounts);
  const predictedVariance = total * total - dot(predictedCounts, predictedCounts);
  const trueVariance = total * total - dot(trueCounts, trueCounts);
  const denominator = Math.sqrt(predictedVariance * trueVariance);
  return denominator === 0 ? 0 : covariance / denominator;
}

/**
 * Accuracy, per-class precision/recall/F1, macro / micro / weighted F1, Matthews correlation and the confusion matrix
 * of single-label predictions. `truth` and `predicted` are class ids [N] into `labels` [C].
 *
 * Averages follow sklearn: macro and weighted F1 average over the classes present in the truth or the predictions
 * (a class of the label set that never occurs is left out rather than counted as F1 0).
 */
export function classificationMetrics(
  truth: ArrayLike<number>,
  predicted: ArrayLike<number>,
  labels: readonly string[],
): ClassificationMetrics {
  const matrix = confusionMatrix(truth, predicted, labels.length);
  const perClass = classScores(matrix, labels);
  const present = perClass.filter((scores, c) => scores.support > 0 || matrix.some((row) => (row[c] ?? 0) > 0));
  const supportSum = present.reduce((sum, scores) => sum + scores.support, 0);
  let correct = 0;
  for (let c = 0; c < labels.length; c++) correct += matrix[c]?.[c] ?? 0;
  const count = truth.length;
  // Single-label: pooled tp = correct, pooled fp = pooled fn = count − correct, so micro P = R = F1 = accuracy.
  const micro = ratio(correct, count);
  return {
    accuracy: ratio(correct, count),
    macroF1: ratio(
      present.reduce((sum, scores) => sum + scores.f1, 0),
      present.length,
    ),
    microF1: micro,
    weightedF1: ratio(
      present.reduce((sum, scores) => sum + scores.f1 * scores.support, 0),
      supportSum,
    ),
    mcc: matthewsCorrelation(matrix),
    perClass,
    confusionMatrix: matrix,
    labels,
    count,
  };
}
