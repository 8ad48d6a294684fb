import { ConfigError } from '@bert/core';
import { klDivergence, maskedCrossEntropy } from '@bert/losses';
import type { BertForPreTraining } from '@bert/model';
import * as tf from '@tensorflow/tfjs';
import type { LossFunction, LossOutput } from '../loop/loss-function.js';
import { maskedWeightSum, type PretrainingBatch, type PretrainingTensors, toTensors } from './pretraining-batch.js';

/** Labels (and MLM ids) equal to this are skipped: @bert/data marks rows without a pair objective this way. */
const IGNORE_INDEX = -100;

export interface PretrainingLossOptions {
  /** `ce` (default): cross-entropy; `kl`: KL divergence against the (smoothed) one-hot target — the course's exercise. */
  readonly loss?: 'ce' | 'kl';
  /** ε: the MLM target puts 1 − ε on the true id and ε/V on every id (PyTorch `label_smoothing`). Default 0. */
  readonly labelSmoothing?: number;
  /** Dropout on (default true). */
  readonly training?: boolean;
  /** Makes dropout reproducible (see `ForwardOptions.dropoutSeed`). */
  readonly dropoutSeed?: number;
}

/**
 * `loss = terms.mlm + terms.nsp`; metrics are the accuracies in [0, 1] and the two terms again as `mlm_loss` and
 * `nsp_loss`, so that training logs show them (the trainer logs metrics, not terms). Every tensor is [] float32; the
 * caller disposes.
 */
export interface PretrainingLossOutput extends LossOutput {
  readonly terms: { readonly mlm: tf.Scalar; readonly nsp: tf.Scalar };
  readonly metrics: {
    readonly mlm_loss: tf.Scalar;
    readonly nsp_loss: tf.Scalar;
    readonly mlm_accuracy: tf.Scalar;
    readonly nsp_accuracy: tf.Scalar;
  };
}

/**
 * BERT's pretraining objective (the course's): masked-LM cross-entropy over the masked positions, a mean weighted by
 * `maskedWeights`, plus next-sentence cross-entropy, a mean over the sequences whose label is not -100 (0 when none
 * is). MLM and NSP accuracies are computed
 * in the same graph, so the trainer reads them with the loss in the step's single sync.
 *
 * With `loss: 'kl'` the MLM term is KL(q ‖ softmax(logits)) for the target q = (1 − ε)·onehot + ε/V: equal to the
 * cross-entropy when ε = 0 and to smoothed cross-entropy minus H(q) (a constant, same gradients) otherwise. Label
 * smoothing applies to the MLM term only; NSP is always plain cross-entropy.
 *
 * Shapes: batch [B, T] ids/mask/types, [B, P] masked positions/ids/weights, [B] labels (typed arrays or tensors).
 */
export function pretrainingLoss(
  model: BertForPreTraining,
  batch: PretrainingBatch | PretrainingTensors,
  options: PretrainingLossOptions = {},
): PretrainingLossOutput {
  const { loss: kind = 'ce', labelSmoothing = 0, training = true, dropoutSeed } = options;
  if (kind !== 'ce' && kind !== 'kl') throw new ConfigError(`loss ("${kind as string}") must be "ce" or "kl"`);
  if (!(labelSmoothing >= 0 && labelSmoothing < 1)) {
    throw new ConfigError(`labelSmoothing (${labelSmoothing}) must be in [0, 1)`);
  }
  return tf.tidy(() => {
    const tensors =
      batch.inputIds instanceof tf.Tensor ? (batch as PretrainingTensors) : toTensors(batch as PretrainingBatch);
    const { maskedIds, maskedWeights, nextSentenceLabel } = tensors;
    const outputs = model.forward(tensors, { training, ...(dropoutSeed === undefined ? {} : { dropoutSeed }) });
    const logits = outputs.prediction_logits; // [B, P, V]
    const V = logits.shape[2];
    const mlm =
      kind === 'kl'
        ? klMlm(logits, maskedIds, maskedWeights, labelSmoothing, V)
        : ceMlm(logits, maskedIds, maskedWeights, labelSmoothing);
    const nsp = maskedCrossEntropy(outputs.seq_relationship_logits, nextSentenceLabel) as tf.Scalar; // mean over B

    const hits = tf.cast(tf.equal(tf.argMax(logits, -1), maskedIds), 'float32'); // [B, P]
    const weightSum = tf.sum(maskedWeights);
    const mlmAccuracy = tf.div(tf.sum(tf.mul(hits, maskedWeights)), tf.maximum(weightSum, 1e-12)) as tf.Scalar;
    const nspHits = tf.cast(tf.equal(tf.argMax(outputs.seq_relationship_logits, -1), nextSentenceLabel), 'float32'); // [B]
    const paired = tf.cast(tf.notEqual(nextSentenceLabel, IGNORE_INDEX), 'float32'); // [B]
    const nspAccuracy = tf.div(tf.sum(tf.mul(nspHits, paired)), tf.maximum(tf.sum(paired), 1)) as tf.Scalar;
    return {
      loss: tf.add(mlm, nsp) as tf.Scalar,
      terms: { mlm, nsp },
      metrics: { mlm_loss: mlm, nsp_loss: nsp, mlm_accuracy: mlmAccuracy, nsp_accuracy: nspAccuracy },
    };
  });
}

/** Weighted mean of (smoothed) cross-entropy over the prediction slots: logits [B, P, V], ids/weights [B, P]. */
function ceMlm(logits: tf.Tensor3D, ids: tf.Tensor2D, weights: tf.Tensor2D, smoothing: number): tf.Scalar {
  if (smoothing === 0) return maskedCrossEntropy(logits, ids, { weights }) as tf.Scalar;
  const nll = maskedCrossEntropy(logits, ids, { reduction: 'none' }); // [B, P], 0 where ignored
  // −mean_c log p_c = logsumexp − mean_c logit_c: the uniform part of the smoothed target.
  const uniform = tf.sub(tf.logSumExp(logits, -1), tf.mean(logits, -1)); // [B, P]
  const perSlot = tf.add(tf.mul(nll, 1 - smoothing), tf.mul(uniform, smoothing)); // [B, P]
  const keep = tf.mul(tf.cast(tf.notEqual(ids, IGNORE_INDEX), 'float32'), weights); // [B, P]
  return tf.div(tf.sum(tf.mul(perSlot, keep)), tf.maximum(tf.sum(keep), 1e-12)) as tf.Scalar;
}

/** KL(q ‖ p) with q the smoothed one-hot of `ids`, weighted mean over the slots. */
function klMlm(logits: tf.Tensor3D, ids: tf.Tensor2D, weights: tf.Tensor2D, smoothing: number, V: number): tf.Scalar {
  const oneHot = smoothedOneHot(ids, V, smoothing); // [B, P, V]
  const keep = tf.mul(tf.cast(tf.notEqual(ids, IGNORE_INDEX), 'float32'), weights); // [B, P]
  return klDivergence(logits, oneHot, { targetIsLogits: false, mask: keep, reduction: 'batchmean' });
}

/**
 * The smoothed one-hot target q = (1 − ε)·onehot(ids) + ε/V as one `tf.oneHot` (float on/off values need
 * @bert/model's wasm `OneHot` fix; stock wasm 4.22 returns zeros). `on` is rounded the way (1 − ε)·1 + ε/V rounds
 * in float32, so q is bit-identical to that two-op form. Ids outside [0, V) (-100) get ε/V everywhere.
 * ids [B, P] int32 → [B, P, V] float32.
 */
export function smoothedOneHot(ids: tf.Tensor2D, V: number, smoothing: number): tf.Tensor3D {
  const off = Math.fround(smoothing / V);
  const on = Math.fround(Math.fround(1 - smoothing) + off);
  return tf.oneHot(ids, V, on, off, 'float32') as tf.Tensor3D; // [B, P, V]
}

/**
 * `pretrainingLoss` as the trainer's `lossFn`, with the denominators that make gradient accumulation exact:
 * the MLM term and accuracy are means over Σ maskedWeights, the NSP ones over the sequences with an NSP label.
 */
export function pretrainingLossFn(
  options: Omit<PretrainingLossOptions, 'training' | 'dropoutSeed'> = {},
): LossFunction<BertForPreTraining, PretrainingBatch> {
  const lossFn: LossFunction<BertForPreTraining, PretrainingBatch> = (model, batch, training, dropoutSeed) =>
    pretrainingLoss(model, batch, { ...options, training, ...(dropoutSeed === undefined ? {} : { dropoutSeed }) });
  lossFn.denominators = (batch) => {
    const predictions = maskedWeightSum(batch);
    let pairs = 0;
    for (const label of batch.nextSentenceLabel) pairs += label === IGNORE_INDEX ? 0 : 1;
    return {
      mlm: predictions,
      mlm_loss: predictions,
      mlm_accuracy: predictions,
      nsp: pairs,
      nsp_loss: pairs,
      nsp_accuracy: pairs,
    };
  };
  return lossFn;
}
