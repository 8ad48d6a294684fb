import * as tf from '@tensorflow/tfjs';

/**
 * Per-forward state shared by every module: whether dropout is active and where its randomness comes from.
 * With `dropoutSeed`, the k-th dropout site of the call uses seed `dropoutSeed + k`, so a forward (and a training
 * step) is reproducible from (weights, batch, seed); without it, masks come from `Math.random`.
 */
export class RunContext {
  #site = 0;

  constructor(
    readonly training: boolean,
    readonly dropoutSeed?: number,
  ) {}

  /** Inverted dropout when training and `rate` > 0; the identity otherwise. */
  dropout<T extends tf.Tensor>(x: T, rate: number): T {
    if (!this.training || rate === 0) return x;
    const seed = this.dropoutSeed === undefined ? undefined : this.dropoutSeed + this.#site++;
    return tf.dropout(x, rate, undefined, seed) as T;
  }
}
