import type * as tf from '@tensorflow/tfjs';
import { assertDtype, assertShape } from './errors.js';

/** One batch of model inputs; every tensor is [B, T] except `maskedPositions` [B, P]. */
export type BertInputs = {
  /** Token ids [B, T] int32. */
  readonly inputIds: tf.Tensor2D;
  /** Segment ids [B, T] int32 (zeros when absent). */
  readonly tokenTypeIds?: tf.Tensor2D;
  /** [B, T]: 1 = real token, 0 = padding (all ones when absent, as in HF). */
  readonly attentionMask?: tf.Tensor2D;
  /** Positions [B, P] int32 where MLM logits are computed (every position when absent). */
  readonly maskedPositions?: tf.Tensor2D;
};

export type ForwardOptions = {
  /** Dropout is active only when training. */
  readonly training: boolean;
  readonly outputAttentions?: boolean;
  readonly outputHiddenStates?: boolean;
  /** Makes dropout reproducible: site k of this call uses seed `dropoutSeed + k`. */
  readonly dropoutSeed?: number;
};

/** Outputs shared by every model; the caller owns (and disposes) every tensor returned. */
export type BertModelOutput = {
  readonly lastHiddenState: tf.Tensor3D; // [B, T, H]
  readonly poolerOutput: tf.Tensor2D | undefined; // [B, H]
  readonly hiddenStates: tf.Tensor3D[] | undefined; // (L + 1) × [B, T, H]
  readonly attentions: tf.Tensor4D[] | undefined; // L × [B, N, T, T]
};

/** Checks ranks, matching [B, T] sizes and int32 ids at the package boundary; throws `ShapeError`. */
export function checkInputs(inputs: BertInputs): void {
  const { inputIds, tokenTypeIds, attentionMask, maskedPositions } = inputs;
  assertShape(inputIds, [null, null], 'inputIds');
  assertDtype(inputIds, 'int32', 'inputIds');
  const [batch, tokens] = inputIds.shape;
  if (tokenTypeIds !== undefined) {
    assertShape(tokenTypeIds, [batch, tokens], 'tokenTypeIds');
    assertDtype(tokenTypeIds, 'int32', 'tokenTypeIds');
  }
  if (attentionMask !== undefined) assertShape(attentionMask, [batch, tokens], 'attentionMask');
  if (maskedPositions !== undefined) {
    assertShape(maskedPositions, [batch, null], 'maskedPositions');
    assertDtype(maskedPositions, 'int32', 'maskedPositions');
  }
}
