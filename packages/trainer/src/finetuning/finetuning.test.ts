import { maskedCrossEntropy } from '@bert/losses';
import { BertForSequenceClassification, BertForTokenClassification } from '@bert/model';
import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { evaluateLoss } from '../loop/evaluate.js';
import { houseTinyConfig, NO_DROPOUT } from '../testing/synthetic.js';
import type { FinetuneBatch } from './finetune-batch.js';
import { sequenceClassificationLossFn, tokenClassificationLossFn } from './finetune-loss.js';
import { argmax, predictLogits, softmax } from './predict.js';

/** Two rows of T = 4: the second is padded after 2 tokens. */
function batch(labels: Int32Array | Float32Array, indices = [0, 1]): FinetuneBatch {
  return {
    batchSize: 2,
    seqLength: 4,
    inputIds: Int32Array.from([2, 10, 11, 3, 2, 12, 0, 0]),
    tokenTypeIds: new Int32Array(8),
    attentionMask: Int32Array.from([1, 1, 1, 1, 1, 1, 0, 0]),
    labels,
    indices: Int32Array.from(indices),
  };
}

const inputsOf = (b: FinetuneBatch) => ({
  inputIds: tf.tensor2d(b.inputIds, [2, 4], 'int32'),
  tokenTypeIds: tf.tensor2d(b.tokenTypeIds, [2, 4], 'int32'),
  attentionMask: tf.tensor2d(b.attentionMask, [2, 4], 'int32'),
});

describe('fine-tuning losses', () => {
  it('sequence classification: mean cross-entropy of the logits, accuracy in [0, 1], no leak', () => {
    const model = new BertForSequenceClassification(houseTinyConfig({ ...NO_DROPOUT, numLabels: 3 }), { seed: 3 });
    const b = batch(Int32Array.from([2, 0]));
    const before = tf.memory().numTensors;
    const output = sequenceClassificationLossFn({ regression: false })(model, b, false);
    const expected = tf.tidy(() =>
      maskedCrossEntropy(model.forward(inputsOf(b), { training: false }).logits, tf.tensor1d([2, 0], 'int32')),
    );
    expect(output.loss.dataSync()[0]).toBeCloseTo(expected.dataSync()[0] as number, 6);
    const accuracy = output.metrics?.['accuracy']?.dataSync()[0] as number;
    expect([0, 0.5, 1]).toContain(accuracy);
    tf.dispose([output.loss, ...Object.values(output.metrics ?? {}), ...Object.values(output.terms ?? {}), expected]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('regression: mean squared error of the single output', () => {
    const model = new BertForSequenceClassification(houseTinyConfig({ ...NO_DROPOUT, numLabels: 1 }), { seed: 3 });
    const b = batch(Float32Array.from([0.5, -1.5]));
    const output = sequenceClassificationLossFn({ regression: true })(model, b, false);
    const logits = tf.tidy(() => model.forward(inputsOf(b), { training: false }).logits.dataSync());
    const mse = (((logits[0] as number) - 0.5) ** 2 + ((logits[1] as number) + 1.5) ** 2) / 2;
    expect(output.loss.dataSync()[0]).toBeCloseTo(mse, 5);
    tf.dispose([output.loss, ...Object.values(output.metrics ?? {}), ...Object.values(output.terms ?? {})]);
    model.dispose();
  });

  it('token classification: only labels ≠ -100 count; denominators are labelled tokens', () => {
    const model = new BertForTokenClassification(houseTinyConfig({ ...NO_DROPOUT, numLabels: 5 }), { seed: 3 });
    const labels = Int32Array.from([-100, 1, 4, -100, -100, 2, -100, -100]);
    const b = batch(labels);
    const lossFn = tokenClassificationLossFn();
    expect(lossFn.denominators?.(b)).toEqual({ loss: 3, accuracy: 3 });
    const output = lossFn(model, b, false);
    const expected = tf.tidy(() =>
      maskedCrossEntropy(model.forward(inputsOf(b), { training: false }).logits, tf.tensor2d(labels, [2, 4], 'int32')),
    );
    expect(output.loss.dataSync()[0]).toBeCloseTo(expected.dataSync()[0] as number, 6);
    tf.dispose([output.loss, ...Object.values(output.metrics ?? {}), ...Object.values(output.terms ?? {}), expected]);
    model.dispose();
  });

  it('evaluateLoss over two batches weighs by rows', async () => {
    const model = new BertForSequenceClassification(houseTinyConfig({ ...NO_DROPOUT, numLabels: 2 }), { seed: 3 });
    const lossFn = sequenceClassificationLossFn({ regression: false });
    const result = await evaluateLoss(model, [batch(Int32Array.from([1, 0])), batch(Int32Array.from([0, 1]))], lossFn);
    expect(result['accuracy']).toBeGreaterThanOrEqual(0);
    expect(Number.isFinite(result['loss'])).toBe(true);
    model.dispose();
  });
});

describe('predictLogits', () => {
  it('returns logits in example order, dropping padded token rows', async () => {
    const model = new BertForTokenClassification(houseTinyConfig({ ...NO_DROPOUT, numLabels: 5 }), { seed: 3 });
    const before = tf.memory().numTensors;
    const results = await predictLogits(model, [batch(new Int32Array(8), [7, 3])]);
    expect(results.map((result) => [result.index, result.rows, result.logits.length])).toEqual([
      [3, 2, 10],
      [7, 4, 20],
    ]);
    expect(tf.memory().numTensors).toBe(before);
    model.dispose();
  });

  it('softmax and argmax helpers', () => {
    const probabilities = softmax([1, 3, 2, 9], 0, 3);
    expect(probabilities.reduce((sum, value) => sum + value, 0)).toBeCloseTo(1, 12);
    expect(probabilities[1]).toBeCloseTo(Math.exp(3) / (Math.exp(1) + Math.exp(3) + Math.exp(2)), 12);
    expect(argmax([0, 5, 5, 1])).toBe(1);
    expect(argmax([9, 1, 0, 4, 7], 3, 2)).toBe(1);
  });
});
