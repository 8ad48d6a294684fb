import * as tf from '@tensorflow/tfjs';

/** `torch.finfo(torch.float32).min`: what HF adds to the scores of masked keys. */
export const MASKED_SCORE = -3.4028234663852886e38;

/**
 * HF `get_extended_attention_mask`: [B, T] (1 = real token, 0 = padding, any numeric dtype) → additive
 * [B, 1, 1, T] float32 that is 0 where attention is allowed and float32's lowest value where it is not.
 */
export function extendedAttentionMask(attentionMask: tf.Tensor2D): tf.Tensor4D {
  return tf.tidy(() => {
    const [batch, tokens] = attentionMask.shape;
    const blocked = tf.sub(1, tf.cast(attentionMask, 'float32')); // [B, T]
    return tf.reshape(tf.mul(blocked, MASKED_SCORE), [batch, 1, 1, tokens]) as tf.Tensor4D; // [B, 1, 1, T]
  });
}
