import type * as tf from '@tensorflow/tfjs';

/** What a loss function returns for one batch; every tensor is a scalar mean over that batch. */
export interface LossOutput {
  /** The batch's loss (a mean); what is differentiated, logged and compared with NaN. */
  readonly loss: tf.Scalar;
  /**
   * The loss split into terms that are means over different things (MLM: masked tokens, NSP: sequences), with
   * `loss = Σ terms`. Given together with `denominators`, gradient accumulation weights each term by its own share.
   */
  readonly terms?: Readonly<Record<string, tf.Scalar>>;
  /** Scalars logged next to the loss (e.g. `mlm_accuracy`), averaged over micro-batches like the terms. */
  readonly metrics?: Readonly<Record<string, tf.Scalar>>;
}

/**
 * `lossFn(model, batch, training, dropoutSeed)`: runs the model on one batch inside the trainer's tidy scope and
 * returns scalar means. Pass `dropoutSeed` to the model's forward (`{ training, dropoutSeed }`): the trainer derives it
 * from (seed, step, micro-batch) so that a resumed run draws the same dropout masks as an uninterrupted one.
 *
 * `denominators(batch)` says how many items each term's (or metric's) mean is over — e.g.
 * `{ mlm: Σ maskedWeights, nsp: B }` — so that k accumulated micro-batches weigh exactly like one k-times-larger
 * batch (see `microBatchShares`). Without it, micro-batches count equally (right when they are the same size and
 * the loss is a mean over examples).
 */
export interface LossFunction<M, B> {
  (model: M, batch: B, training: boolean, dropoutSeed?: number): LossOutput;
  denominators?: (batch: B) => Readonly<Record<string, number>>;
}
