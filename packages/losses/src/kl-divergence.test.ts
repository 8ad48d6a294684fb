import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { klDivergence } from './kl-divergence.js';
import { maskedCrossEntropy } from './masked-cross-entropy.js';
import { chunk, logSumExp, softmax, values } from './reference.test-helpers.js';

const C = 5;
const B = 3;
const student = chunk(values(B * C, 7), C);
const teacher = chunk(values(B * C, 8), C);

/** KL(p_t ‖ p_s) · T² / B and its gradient T (p_s − p_t) / B in float64. */
function reference(temperature: number) {
  let loss = 0;
  const gradient: number[] = [];
  for (let b = 0; b < B; b++) {
    const s = student[b]!.map((v) => v / temperature);
    const t = teacher[b]!.map((v) => v / temperature);
    const logS = s.map((v) => v - logSumExp(s));
    const logT = t.map((v) => v - logSumExp(t));
    loss += logT.reduce((sum, lt, c) => sum + Math.exp(lt) * (lt - logS[c]!), 0);
    gradient.push(...logS.map((ls, c) => (temperature * (Math.exp(ls) - Math.exp(logT[c]!))) / B));
  }
  return { loss: (loss * temperature * temperature) / B, gradient };
}

describe('klDivergence (KL(target ‖ student))', () => {
  it.each([1, 2, 4])('temperature %i: value ×T² and gradient equal the float64 reference', async (temperature) => {
    const s = tf.tensor2d(student);
    const t = tf.tensor2d(teacher);
    const before = tf.memory().numTensors;
    const { value, grad } = tf.valueAndGrad((x: tf.Tensor) => klDivergence(x, t, { temperature }))(s);
    const expected = reference(temperature);
    expect((await value.data())[0]).toBeCloseTo(expected.loss, 5);
    Array.from(await grad.data()).forEach((g, i) => {
      expect(g).toBeCloseTo(expected.gradient[i]!, 6);
    });
    tf.dispose([value, grad]);
    expect(tf.memory().numTensors).toBe(before);
    tf.dispose([s, t]);
  });

  it('with a one-hot target equals cross-entropy (the target entropy is 0)', async () => {
    const labels = [3, 0, 4];
    const s = tf.tensor2d(student);
    const oneHot = tf.oneHot(tf.tensor1d(labels, 'int32'), C).cast('float32');
    const labelTensor = tf.tensor1d(labels, 'int32');
    const kl = klDivergence(s, oneHot, { targetIsLogits: false });
    const ce = maskedCrossEntropy(s, labelTensor);
    expect((await kl.data())[0]).toBeCloseTo((await ce.data())[0]!, 6);
    tf.dispose([s, oneHot, labelTensor, kl, ce]);
  });

  it('with label smoothing equals smoothed cross-entropy minus the target entropy (the course exercise)', async () => {
    const labels = [3, 0, 4];
    const epsilon = 0.1;
    const q = labels.map((label) => Array.from({ length: C }, (_, c) => (c === label ? 1 - epsilon : 0) + epsilon / C));
    let crossEntropy = 0;
    let entropy = 0;
    for (let b = 0; b < B; b++) {
      const logS = student[b]!.map((v) => v - logSumExp(student[b]!));
      crossEntropy -= q[b]!.reduce((sum, qc, c) => sum + qc * logS[c]!, 0);
      entropy -= q[b]!.reduce((sum, qc) => sum + qc * Math.log(qc), 0);
    }
    const s = tf.tensor2d(student);
    const target = tf.tensor2d(q);
    const kl = klDivergence(s, target, { targetIsLogits: false });
    expect((await kl.data())[0]).toBeCloseTo((crossEntropy - entropy) / B, 6);
    tf.dispose([s, target, kl]);
  });

  it('reductions and row masks: sum, mean over elements, batchmean over kept rows', async () => {
    const s = tf.tensor2d(student);
    const t = tf.tensor2d(teacher);
    const total = reference(1).loss * B;
    const rowLoss = (b: number) => {
      const p = softmax(teacher[b]!);
      return p.reduce((sum, pc, c) => sum + pc * (Math.log(pc) - (student[b]![c]! - logSumExp(student[b]!))), 0);
    };
    const mask = tf.tensor1d([1, 0, 1]);
    const results = [
      klDivergence(s, t, { reduction: 'sum' }),
      klDivergence(s, t, { reduction: 'mean' }),
      klDivergence(s, t, { mask }),
    ];
    const [sum, mean, masked] = await Promise.all(results.map(async (r) => (await r.data())[0]!));
    expect(sum).toBeCloseTo(total, 5);
    expect(mean).toBeCloseTo(total / (B * C), 6);
    expect(masked).toBeCloseTo((rowLoss(0) + rowLoss(2)) / 2, 6);
    tf.dispose([s, t, mask, ...results]);
  });

  it('rejects mismatched shapes and non-positive temperatures', () => {
    const s = tf.zeros([2, 5]);
    const t = tf.zeros([2, 4]);
    expect(() => klDivergence(s, t)).toThrow('target: expected shape [2,5], got [2,4]');
    expect(() => klDivergence(s, s, { temperature: 0 })).toThrow('temperature (0) must be positive');
    tf.dispose([s, t]);
  });
});
