import { ShapeError } from '@bert/core';
import { maskedCrossEntropy } from '@bert/losses';
import type { BertForSequenceClassification, BertForTokenClassification } from '@bert/model';
import * as tf from '@tensorflow/tfjs';
import type { LossFunction, LossOutput } from '../loop/loss-function.js';
import { type FinetuneBatch, finetuneInputs, labelledTokenCount } from './finetune-batch.js';

const IGNORE_INDEX = -100;

/**
 * The loss of HF `BertForSequenceClassification`: cross-entropy of logits [B, C] against class ids [B] (mean over
 * B), or with `regression` (C = 1) the mean squared error of logits [B, 1] against float targets [B]. Also logs
 * `accuracy` (classification). Micro-batches weigh by their row count, so accumulation equals one big batch.
 *
 * @example new Trainer({ model, lossFn: sequenceClassificationLossFn({ regression: false }), … })
 */
export function sequenceClassificationLossFn({
  regression,
}: {
  readonly regression: boolean;
}): LossFunction<BertForSequenceClassification, FinetuneBatch> {
  const lossFn = (
    model: BertForSequenceClassification,
    batch: FinetuneBatch,
    training: boolean,
    dropoutSeed?: number,
  ): LossOutput =>
    tf.tidy(() => {
      const B = batch.batchSize;
      if (batch.labels.length !== B) {
        throw new ShapeError(`batch.labels: expected B = ${B} sequence labels, got ${batch.labels.length}`);
      }
      const inputs = finetuneInputs(batch);
      const { logits } = model.forward(inputs, { training, ...(dropoutSeed === undefined ? {} : { dropoutSeed }) }); // [B, C]
      if (regression) {
        const targets = tf.tensor1d(batch.labels as Float32Array, 'float32'); // [B]
        const loss = tf.mean(tf.squaredDifference(tf.reshape(logits, [B]), targets)) as tf.Scalar;
        return { loss, terms: { loss }, metrics: { mse: loss } as Record<string, tf.Scalar> };
      }
      const labels = tf.tensor1d(batch.labels as Int32Array, 'int32'); // [B]
      const loss = maskedCrossEntropy(logits, labels) as tf.Scalar;
      const hits = tf.cast(tf.equal(tf.argMax(logits, -1), labels), 'float32'); // [B]
      return { loss, terms: { loss }, metrics: { accuracy: tf.mean(hits) as tf.Scalar } as Record<string, tf.Scalar> };
    });
  lossFn.denominators = (batch: FinetuneBatch) => ({
    loss: batch.batchSize,
    accuracy: batch.batchSize,
    mse: batch.batchSize,
  });
  return lossFn;
}

/**
 * The loss of HF `BertForTokenClassification`: cross-entropy of logits [B, T, C] over the tokens whose label is not
 * -100 (special tokens, later word pieces and padding are skipped), a mean over labelled tokens; logs `accuracy`
 * over the same tokens. Micro-batches weigh by their labelled-token counts.
 */
export function tokenClassificationLossFn(): LossFunction<BertForTokenClassification, FinetuneBatch> {
  const lossFn = (model: BertForTokenClassification, batch: FinetuneBatch, training: boolean, dropoutSeed?: number) =>
    tf.tidy(() => {
      const { batchSize: B, seqLength: T } = batch;
      if (batch.labels.length !== B * T) {
        throw new ShapeError(`batch.labels: expected B·T = ${B * T} token labels, got ${batch.labels.length}`);
      }
      const inputs = finetuneInputs(batch);
      const { logits } = model.forward(inputs, { training, ...(dropoutSeed === undefined ? {} : { dropoutSeed }) }); // [B, T, C]
      const labels = tf.tensor2d(batch.labels as Int32Array, [B, T], 'int32'); // [B, T]
      const loss = maskedCrossEntropy(logits, labels) as tf.Scalar;
      const keep = tf.cast(tf.notEqual(labels, IGNORE_INDEX), 'float32'); // [B, T]
      const hits = tf.mul(tf.cast(tf.equal(tf.argMax(logits, -1), labels), 'float32'), keep); // [B, T]
      const accuracy = tf.div(tf.sum(hits), tf.maximum(tf.sum(keep), 1)) as tf.Scalar;
      return { loss, terms: { loss }, metrics: { accuracy } };
    });
  lossFn.denominators = (batch: FinetuneBatch) => {
    const tokens = labelledTokenCount(batch);
    return { loss: tokens, accuracy: tokens };
  };
  return lossFn;
}
