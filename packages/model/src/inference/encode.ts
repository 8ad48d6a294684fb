import * as tf from '@tensorflow/tfjs';
import type { BertInputs, BertModelOutput } from '../inputs.js';
import type { BertPreTrainedModel } from '../pretrained-model.js';

/** Plain id arrays, for callers without tensors at hand; every row of a field has the same length T. */
export type ArrayBatch = {
  readonly inputIds: readonly (readonly number[])[];
  readonly tokenTypeIds?: readonly (readonly number[])[];
  readonly attentionMask?: readonly (readonly number[])[];
};

/** Encodings of a batch; the caller owns and disposes the tensors (`tf.dispose(result)`). */
export type EncodeResult = {
  readonly lastHiddenState: tf.Tensor3D; // [B, T, H]
  readonly poolerOutput: tf.Tensor2D | undefined; // [B, H], absent without a pooler
  readonly hiddenStates: tf.Tensor3D[]; // (L + 1) × [B, T, H]
  readonly attentions: tf.Tensor4D[]; // L × [B, N, T, T]
};

/** Arrays → int32 tensors [B, T] (the caller disposes them). */
export function batchToTensors(batch: ArrayBatch): BertInputs {
  const toTensor = (rows: readonly (readonly number[])[]) => tf.tensor2d(rows as number[][], undefined, 'int32');
  return {
    inputIds: toTensor(batch.inputIds),
    tokenTypeIds: batch.tokenTypeIds === undefined ? undefined : toTensor(batch.tokenTypeIds),
    attentionMask: batch.attentionMask === undefined ? undefined : toTensor(batch.attentionMask),
  };
}

/**
 * Runs any model in inference mode and returns what its encoder computed: last hidden state, pooled [CLS] output,
 * every hidden state (embeddings first) and every layer's attention probabilities (for attention export).
 */
export function encode(model: BertPreTrainedModel<BertModelOutput>, batch: BertInputs | ArrayBatch): EncodeResult {
  const fromArrays = !(batch.inputIds instanceof tf.Tensor);
  const inputs = fromArrays ? batchToTensors(batch as ArrayBatch) : (batch as BertInputs);
  try {
    return tf.tidy(() => {
      const { maskedPositions: _unused, ...withoutPositions } = inputs;
      const outputs = model.forward(withoutPositions, {
        training: false,
        outputAttentions: true,
        outputHiddenStates: true,
      });
      return {
        lastHiddenState: outputs.lastHiddenState,
        poolerOutput: outputs.poolerOutput,
        hiddenStates: outputs.hiddenStates ?? [],
        attentions: outputs.attentions ?? [],
      };
    });
  } finally {
    if (fromArrays) tf.dispose(inputs as tf.TensorContainer);
  }
}
