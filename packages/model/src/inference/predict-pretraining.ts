import * as tf from '@tensorflow/tfjs';
import type { BertForPreTraining } from '../heads/bert-for-pre-training.js';
import type { BertInputs } from '../inputs.js';

/** Argmax predictions of both pretraining heads, as plain arrays. */
export type PretrainingPrediction = {
  /** [B][P]: the most probable id at each masked position (each of `maskedPositions`'s P slots). */
  readonly maskedIds: number[][];
  /** [B]: the NSP/SOP head's class, HF convention: 0 = B follows A (isNext / in order), 1 = random / swapped. */
  readonly nextSentence: number[];
};

/**
 * What a pretrained model predicts for a batch, without dropout: the argmax token at every masked position and the
 * argmax next-sentence class — the course's closing demo (`logits_lm.max(2)`, `logits_clsf.max(1)`). The inputs stay
 * owned by the caller; no tensor outlives the call.
 *
 * @example
 * const { maskedIds, nextSentence } = await predictPretraining(model, { inputIds, tokenTypeIds, attentionMask, maskedPositions });
 * maskedIds[0]; // [26, 4, …] one id per slot of row 0; nextSentence[0] === 0 means "isNext"
 */
export async function predictPretraining(
  model: BertForPreTraining,
  inputs: BertInputs,
): Promise<PretrainingPrediction> {
  const [tokenIds, classes] = tf.tidy(() => {
    const outputs = model.forward(inputs, { training: false });
    return [
      tf.argMax(outputs.prediction_logits, -1), // [B, P] (or [B, T] without maskedPositions)
      tf.argMax(outputs.seq_relationship_logits, -1), // [B]
    ];
  });
  try {
    const [maskedIds, nextSentence] = await Promise.all([tokenIds.array(), classes.array()]);
    return { maskedIds: maskedIds as number[][], nextSentence: nextSentence as number[] };
  } finally {
    tf.dispose([tokenIds, classes]);
  }
}
