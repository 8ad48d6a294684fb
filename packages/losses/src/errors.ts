import { ShapeError } from '@bert/core';
import type * as tf from '@tensorflow/tfjs';

/**
 * A tensor reached a loss with the wrong rank, sizes or dtype. A `ShapeError` of @bert/core (a dependency-free
 * package), so `instanceof ShapeError` / `BertError` holds for callers of any package; its `name` is `'ShapeError'`.
 */
export class LossShapeError extends ShapeError {}

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
