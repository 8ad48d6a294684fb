import { BertError } from '@bert/core';

/**
 * A training step produced a NaN or infinite loss (or gradient norm). Raised before the update is applied, so the
 * model, the optimizer and every checkpoint on disk stay as they were after the last good step. One line, for CLIs.
 */
export class NonFiniteLossError extends BertError {
  override name = 'NonFiniteLossError';

  constructor(
    readonly step: number,
    readonly quantity: string,
    readonly value: number,
    lastCheckpoint: string | undefined,
  ) {
    const kept =
      lastCheckpoint === undefined ? 'no checkpoint was written yet' : `last good checkpoint: ${lastCheckpoint}`;
    super(`${quantity} is ${value} at step ${step}; training stopped before the update (${kept})`);
  }
}

/**
 * `tf.memory().numTensors` grew between two training steps: some code in the loop (usually a loss or eval function)
 * returns or creates tensors nobody disposes, and a long run would run out of memory.
 */
export class TensorLeakError extends BertError {
  override name = 'TensorLeakError';
}
