import type * as tf from '@tensorflow/tfjs';
import { fastDropout } from '../backend/dropout.js';

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

  /**
   * Inverted dropout when training and `rate` > 0; the identity otherwise. `fastDropout` draws the mask in wasm
   * (tf.dropout's JS RNG cost ≈0.4 s per mini-config step) and is `tf.dropout` on other backends; the masks differ
   * between the two, so a seeded run is reproducible on one backend, as checkpoints promise.
   */
  dropout<T extends tf.Tensor>(x: T, rate: number): T {
    if (!this.training || rate === 0) return x;
    const seed = this.dropoutSeed === undefined ? undefined : this.dropoutSeed + this.#site++;
    return fastDropout(x, rate, seed);
  }
}
