import type * as tf from '@tensorflow/tfjs';
import { ShapeError } from '@bert/core';

/**
 * The toolkit's one error hierarchy lives in @bert/core, so `instanceof` holds across packages (a `ConfigError`
 * thrown here is the `ConfigError` the trainer and the apps catch). Messages are one line and quote the offending
 * values, so a CLI can print `error.message` alone.
 */
export { BertError, CheckpointError, ConfigError, DataError, ShapeError } from '@bert/core';

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
