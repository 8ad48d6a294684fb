import type * as tf from '@tensorflow/tfjs';

/**
 * A tensor reached a loss with the wrong rank, sizes or dtype. @bert/losses depends on tfjs alone, so it does not
 * share @bert/model's `BertError` classes; `name` is `'ShapeError'` for callers that match on names across packages.
 */
export class LossShapeError extends Error {
  override name = 'ShapeError';
}

/** Throws a `LossShapeError` naming `label` unless `tensor` has `expected` sizes (`null` = any) — rank included. */
export function assertLossShape(tensor: tf.Tensor, expected: readonly (number | null)[], label: string): void {
  const matches =
    tensor.rank === expected.length && expected.every((size, axis) => size === null || size === tensor.shape[axis]);
  if (!matches) {
    throw new LossShapeError(
      `${label}: expected shape [${expected.map((size) => size ?? '?')}], got [${tensor.shape}]`,
    );
  }
}

/** The leading dimensions of `logits` [..., C]: the shape labels, masks and weights must have. */
export function leadingShape(logits: tf.Tensor): number[] {
  return logits.shape.slice(0, -1);
}
