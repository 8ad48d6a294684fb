import type * as tf from '@tensorflow/tfjs';

/**
 * Errors raised by @bert/model. Messages are one line and quote the offending values, so a CLI can print
 * `error.message` alone. Subclasses carry their own `name` for callers that match across packages.
 */
export class BertError extends Error {
  override name = 'BertError';
}

/** A configuration value is out of range or inconsistent with another (`hiddenSize (250) must be …`). */
export class ConfigError extends BertError {
  override name = 'ConfigError';
}

/** A tensor reached a package boundary with the wrong rank, size or dtype. */
export class ShapeError extends BertError {
  override name = 'ShapeError';
}

/** A checkpoint directory or safetensors file is unreadable or does not match the model. */
export class CheckpointError extends BertError {
  override name = 'CheckpointError';
}

/**
 * Throws a `ShapeError` naming `label` unless `tensor` has the expected rank and sizes; `null` matches any size.
 *
 * @example assertShape(inputIds, [null, null], 'inputIds') // any [B, T]
 */
export function assertShape(tensor: tf.Tensor, expected: readonly (number | null)[], label: string): void {
  const matches =
    tensor.rank === expected.length && expected.every((size, axis) => size === null || size === tensor.shape[axis]);
  if (!matches) {
    throw new ShapeError(`${label}: expected shape [${expected.map((size) => size ?? '?')}], got [${tensor.shape}]`);
  }
}

/** Throws a `ShapeError` naming `label` unless `tensor` has dtype `dtype`. */
export function assertDtype(tensor: tf.Tensor, dtype: tf.DataType, label: string): void {
  if (tensor.dtype !== dtype) throw new ShapeError(`${label}: expected dtype ${dtype}, got ${tensor.dtype}`);
}
