import { ShapeError } from '@bert/core';

/** What `regressionMetrics` computes (the STS-B metrics plus the loss the head is trained on). */
export interface RegressionMetrics {
  readonly mse: number;
  /** Pearson's r; NaN when either side is constant (as scipy). */
  readonly pearson: number;
  /** Spearman's ρ: Pearson's r of the average ranks (ties share their mean rank, as scipy); NaN when constant. */
  readonly spearman: number;
  readonly count: number;
}

function checkPair(x: ArrayLike<number>, y: ArrayLike<number>): void {
  if (x.length !== y.length) throw new ShapeError(`x has ${x.length} values but y has ${y.length}`);
}

/**
 * Pearson's correlation coefficient Σ(x−x̄)(y−ȳ) / √(Σ(x−x̄)² Σ(y−ȳ)²), accumulated in float64. NaN for fewer than
 * two values or a constant side (scipy returns NaN there too).
 *
 * @example pearsonCorrelation([1, 2, 3], [2, 4, 7]) // 0.9934
 */
export function pearsonCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkPair(x, y);
  const n = x.length;
  if (n < 2) return Number.NaN;
  let meanX = 0;
  let meanY = 0;
  for (let index = 0; index < n; index++) {
    meanX += x[index] as number;
    meanY += y[index] as number;
  }
  meanX /= n;
  meanY /= n;
  let covariance = 0;
  let varianceX = 0;
  let varianceY = 0;
  for (let index = 0; index < n; index++) {
    const dx = (x[index] as number) - meanX;
    const dy = (y[index] as number) - meanY;
    covariance += dx * dy;
    varianceX += dx * dx;
    varianceY += dy * dy;
  }
  if (varianceX === 0 || varianceY === 0) return Number.NaN;
  // Clamp: rounding can push a perfect correlation a hair past ±1.
  return Math.max(-1, Math.min(1, covariance / Math.sqrt(varianceX * varianceY)));
}

/**
 * 1-based ranks with ties averaged (scipy `rankdata(method='average')`).
 *
 * @example averageRanks([10, 20, 20, 5]) // [2, 3.5, 3.5, 1]
 */
export function averageRanks(values: ArrayLike<number>): Float64Array {
  const n = values.length;
  const order = Array.from({ length: n }, (_, index) => index).sort(
    (left, right) => (values[left] as number) - (values[right] as number),
  );
  const ranks = new Float64Array(n);
  let start = 0;
  while (start < n) {
    let end = start;
    while (end + 1 < n && values[order[end + 1] as number] === values[order[start] as number]) end++;
    const rank = (start + end) / 2 + 1; // mean of the 1-based ranks start+1 … end+1
    for (let position = start; position <= end; position++) ranks[order[position] as number] = rank;
    start = end + 1;
  }
  return ranks;
}

/** Spearman's rank correlation: Pearson's r of the average ranks. */
export function spearmanCorrelation(x: ArrayLike<number>, y: ArrayLike<number>): number {
  checkPair(x, y);
  return pearsonCorrelation(averageRanks(x), averageRanks(y));
}

/** Mean squared error, Pearson and Spearman of predictions against the truth [N]. */
export function regressionMetrics(truth: ArrayLike<number>, predicted: ArrayLike<number>): RegressionMetrics {
  checkPair(truth, predicted);
  let squares = 0;
  for (let index = 0; index < truth.length; index++) {
    const difference = (truth[index] as number) - (predicted[index] as number);
    squares += difference * difference;
  }
  return {
    mse: truth.length === 0 ? 0 : squares / truth.length,
    pearson: pearsonCorrelation(truth, predicted),
    spearman: spearmanCorrelation(truth, predicted),
    count: truth.length,
  };
}
