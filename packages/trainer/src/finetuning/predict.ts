import type { BertForSequenceClassification, BertForTokenClassification } from '@bert/model';
import * as tf from '@tensorflow/tfjs';
import { type FinetuneBatch, finetuneInputs } from './finetune-batch.js';

/** Logits of one example: [C] for a sequence, [T·C] (its real tokens only, row-major) for tokens. */
export interface ExampleLogits {
  /** Position in the example list (the batch's `indices`). */
  readonly index: number;
  readonly logits: Float32Array;
  /** T for token classification (rows of C), 1 for a sequence. */
  readonly rows: number;
}

/**
 * Runs the model without dropout over `batches` and returns each example's logits, in the order of the example
 * list (`indices`), with padding rows removed. One device read per batch; no tensor outlives the call.
 *
 * @example const logits = await predictLogits(model, dataset.inOrder()); // logits[i].logits: [C] or [T·C]
 */
export async function predictLogits(
  model: BertForSequenceClassification | BertForTokenClassification,
  batches: Iterable<FinetuneBatch> | AsyncIterable<FinetuneBatch>,
): Promise<ExampleLogits[]> {
  const results: ExampleLogits[] = [];
  for await (const batch of batches) {
    const logits = tf.tidy(() => model.forward(finetuneInputs(batch), { training: false }).logits); // [B, C] or [B, T, C]
    const values = (await logits.data()) as Float32Array;
    const perToken = logits.rank === 3;
    const C = logits.shape[logits.rank - 1] as number;
    logits.dispose();
    const T = batch.seqLength;
    for (let row = 0; row < batch.batchSize; row++) {
      const index = batch.indices[row] as number;
      if (!perToken) {
        results.push({ index, logits: values.slice(row * C, (row + 1) * C), rows: 1 });
        continue;
      }
      let length = 0;
      while (length < T && batch.attentionMask[row * T + length] === 1) length++;
      results.push({ index, logits: values.slice(row * T * C, (row * T + length) * C), rows: length });
    }
  }
  return results.sort((left, right) => left.index - right.index);
}

/** Softmax of `logits[offset … offset + C)` in float64 (stable: the max is subtracted). */
export function softmax(logits: ArrayLike<number>, offset = 0, C = logits.length - offset): Float64Array {
  let max = Number.NEGATIVE_INFINITY;
  for (let c = 0; c < C; c++) max = Math.max(max, logits[offset + c] as number);
  const probabilities = new Float64Array(C);
  let sum = 0;
  for (let c = 0; c < C; c++) {
    const value = Math.exp((logits[offset + c] as number) - max);
    probabilities[c] = value;
    sum += value;
  }
  for (let c = 0; c < C; c++) probabilities[c] = (probabilities[c] as number) / sum;
  return probabilities;
}

/** Index of the largest of `logits[offset … offset + C)` (the first on ties, as `argmax`). */
export function argmax(logits: ArrayLike<number>, offset = 0, C = logits.length - offset): number {
  let best = 0;
  for (let c = 1; c < C; c++) if ((logits[offset + c] as number) > (logits[offset + best] as number)) best = c;
  return best;
}
