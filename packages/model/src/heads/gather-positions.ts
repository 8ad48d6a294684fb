import * as tf from '@tensorflow/tfjs';

/**
 * The rows of `hidden` at `positions` for each sequence (the course's `torch.gather(output, 1, masked_pos)`):
 * hidden [B, T, H], positions [B, P] int32 → [B, P, H]. One flat gather, whose gradient is a segment sum.
 */
export function gatherPositions(hidden: tf.Tensor3D, positions: tf.Tensor2D): tf.Tensor3D {
  return tf.tidy(() => {
    const [B, T, H] = hidden.shape;
    const rowStarts = tf.reshape(tf.range(0, B * T, T, 'int32'), [B, 1]); // [B, 1]
    const flatIndex = tf.add(rowStarts, positions); // [B, P]
    const rows: tf.Tensor = tf.reshape(hidden, [B * T, H]); // [B·T, H]
    return tf.gather(rows, flatIndex) as tf.Tensor3D; // [B, P, H]
  });
}
