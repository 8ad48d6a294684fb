import { describe, expect, it } from 'vitest';
import { accuracy, classificationMetrics, confusionMatrix, matthewsCorrelation } from './classification-metrics.js';
import { averageRanks, pearsonCorrelation, regressionMetrics, spearmanCorrelation } from './regression-metrics.js';

// Every expected value below is computed by hand in the comment next to it.
describe('classification metrics', () => {
  // truth [a a b b c c], predicted [a b b b c a]
  const truth = [0, 0, 1, 1, 2, 2];
  const predicted = [0, 1, 1, 1, 2, 0];
  const metrics = classificationMetrics(truth, predicted, ['a', 'b', 'c']);

  it('confusion matrix: rows true, columns predicted', () => {
    expect(metrics.confusionMatrix).toEqual([
      [1, 1, 0],
      [0, 2, 0],
      [1, 0, 1],
    ]);
  });

  it('accuracy = 4 / 6; micro F1 equals it for single-label classification', () => {
    expect(metrics.accuracy).toBeCloseTo(4 / 6, 12);
    expect(metrics.microF1).toBeCloseTo(4 / 6, 12);
    expect(accuracy([1, 2], [1, 3])).toBe(0.5);
  });

  it('per-class precision, recall, F1, support', () => {
    // a: tp 1, predicted 2, true 2 → P = R = F1 = 0.5
    // b: tp 2, predicted 3, true 2 → P = 2/3, R = 1, F1 = 2·(2/3)·1 / (5/3) = 0.8
    // c: tp 1, predicted 1, true 2 → P = 1, R = 0.5, F1 = 2/3
    const [a, b, c] = metrics.perClass;
    expect(a).toMatchObject({ label: 'a', precision: 0.5, recall: 0.5, f1: 0.5, support: 2 });
    expect(b?.precision).toBeCloseTo(2 / 3, 12);
    expect(b?.recall).toBe(1);
    expect(b?.f1).toBeCloseTo(0.8, 12);
    expect(c?.precision).toBe(1);
    expect(c?.recall).toBe(0.5);
    expect(c?.f1).toBeCloseTo(2 / 3, 12);
  });

  it('macro F1 = (0.5 + 0.8 + 2/3) / 3, weighted F1 the same (equal supports)', () => {
    expect(metrics.macroF1).toBeCloseTo((0.5 + 0.8 + 2 / 3) / 3, 12);
    expect(metrics.weightedF1).toBeCloseTo((0.5 + 0.8 + 2 / 3) / 3, 12);
  });

  it('Matthews correlation, multi-class: (c·s − t·p) / √((s² − p·p)(s² − t·t))', () => {
    // c = 4, s = 6, t = [2, 2, 2], p = [2, 3, 1]: (24 − 12) / √((36 − 14)(36 − 12)) = 12 / √528
    expect(metrics.mcc).toBeCloseTo(12 / Math.sqrt(528), 12);
  });

  it('binary MCC equals (TP·TN − FP·FN) / √(…); degenerate matrices give 0', () => {
    // TP = 2, TN = 2, FP = 1, FN = 1: (4 − 1) / √(3·3·3·3) = 1/3
    expect(
      matthewsCorrelation([
        [2, 1],
        [1, 2],
      ]),
    ).toBeCloseTo(1 / 3, 12);
    expect(
      matthewsCorrelation([
        [3, 0],
        [2, 0],
      ]),
    ).toBe(0); // everything predicted as class 0
    expect(
      matthewsCorrelation([
        [0, 0],
        [0, 4],
      ]),
    ).toBe(0); // one true class
  });

  it('macro F1 leaves out classes absent from truth and predictions (sklearn)', () => {
    // classes x, y, z; z never occurs: F1(x) = 1, F1(y) = 1 → macro 1, not 2/3
    expect(classificationMetrics([0, 1], [0, 1], ['x', 'y', 'z']).macroF1).toBe(1);
    // a class only predicted counts, with F1 0: truth [x x], predicted [x y] → F1(x) = 2/3, F1(y) = 0
    expect(classificationMetrics([0, 0], [0, 1], ['x', 'y']).macroF1).toBeCloseTo(1 / 3, 12);
  });

  it('rejects mismatched lengths and ids out of range', () => {
    expect(() => confusionMatrix([0, 1], [0], 2)).toThrow(/2 values but predicted has 1/);
    expect(() => confusionMatrix([0, 2], [0, 1], 2)).toThrow(/example 1: class ids \(2, 1\)/);
  });
});

describe('regression metrics', () => {
  it('Pearson: [1, 2, 3] vs [2, 4, 7] = 5 / √(2 · 38/3)', () => {
    // dx = [−1, 0, 1], dy = [−7/3, −1/3, 8/3]: Σdxdy = 5, Σdx² = 2, Σdy² = 38/3
    expect(pearsonCorrelation([1, 2, 3], [2, 4, 7])).toBeCloseTo(5 / Math.sqrt((2 * 38) / 3), 12);
    expect(pearsonCorrelation([1, 2, 3], [3, 2, 1])).toBe(-1);
    expect(pearsonCorrelation([1, 1, 1], [1, 2, 3])).toBeNaN();
  });

  it('average ranks share ties (scipy rankdata)', () => {
    expect([...averageRanks([10, 20, 20, 5])]).toEqual([2, 3.5, 3.5, 1]);
    expect([...averageRanks([3, 3, 3])]).toEqual([2, 2, 2]);
  });

  it('Spearman with ties: ranks [1, 2.5, 2.5, 4] vs [1, 3, 2, 4] → 4.5 / √(4.5 · 5)', () => {
    expect(spearmanCorrelation([1, 2, 2, 3], [1, 3, 2, 4])).toBeCloseTo(4.5 / Math.sqrt(22.5), 12);
    // monotone but not linear: Spearman 1, Pearson < 1
    expect(spearmanCorrelation([1, 2, 3, 4], [1, 4, 9, 100])).toBe(1);
  });

  it('regressionMetrics: MSE of [0, 1] vs [1, 1] = 0.5', () => {
    const metrics = regressionMetrics([0, 1, 2], [1, 1, 2]);
    expect(metrics.mse).toBeCloseTo(1 / 3, 12);
    expect(metrics.count).toBe(3);
  });
});
