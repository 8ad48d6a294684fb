import * as tf from '@tensorflow/tfjs';
import { NonFiniteLossError } from '../errors.js';
import type { AdamW } from '../optim/adamw.js';
import { clipByGlobalNorm } from '../optim/clip.js';
import { accumulateGradients } from './accumulate.js';
import type { LossFunction } from './loss-function.js';

export interface TrainStepInputs<M, B> {
  readonly model: M;
  /** HF name → variable: what is differentiated and updated. */
  readonly parameters: ReadonlyMap<string, tf.Variable>;
  readonly optimizer: AdamW;
  readonly lossFn: LossFunction<M, B>;
  /** k ≥ 1 micro-batches forming one optimizer step. */
  readonly microBatches: readonly B[];
  /** One dropout seed per micro-batch. */
  readonly dropoutSeeds: readonly number[];
  readonly lr: number;
  /** Global-norm clip threshold; `Infinity` only measures the norm. */
  readonly clipNorm: number;
  /** 1-based number of this step, for the error message. */
  readonly step: number;
  /** Named in the NaN error: the checkpoint that is still good. */
  readonly lastCheckpoint?: string;
}

export interface TrainStepResult {
  /** Loss of the step's whole (accumulated) batch. */
  readonly loss: number;
  /** Global gradient norm before clipping. */
  readonly gradNorm: number;
  readonly metrics: Readonly<Record<string, number>>;
}

/**
 * One optimizer step: accumulate gradients over the micro-batches, clip by global norm, read loss, norm and metrics
 * in one device→CPU transfer (the step's only sync), then — only if loss and norm are finite — apply AdamW.
 * A NaN or infinite loss throws `NonFiniteLossError` with the model untouched. Leaves the tensor count unchanged.
 */
export async function trainStep<M, B>(inputs: TrainStepInputs<M, B>): Promise<TrainStepResult> {
  const { model, parameters, optimizer, lossFn, microBatches, dropoutSeeds, lr, clipNorm, step } = inputs;
  const accumulated = accumulateGradients(model, parameters, lossFn, microBatches, dropoutSeeds);
  const metricNames = [...accumulated.metrics.keys()];
  let clipped: Map<string, tf.Tensor> | undefined;
  try {
    const { gradients, norm } = clipByGlobalNorm(accumulated.gradients, clipNorm);
    clipped = gradients;
    const packed = tf.tidy(() => tf.stack([accumulated.loss, norm, ...accumulated.metrics.values()])); // [2 + metrics]
    norm.dispose();
    const values = await packed.data(); // the step's single device→CPU sync
    packed.dispose();
    const loss = values[0] as number;
    const gradNorm = values[1] as number;
    if (!Number.isFinite(loss)) throw new NonFiniteLossError(step, 'loss', loss, inputs.lastCheckpoint);
    if (!Number.isFinite(gradNorm))
      throw new NonFiniteLossError(step, 'gradient norm', gradNorm, inputs.lastCheckpoint);
    optimizer.applyGradients(clipped, lr);
    const metrics = Object.fromEntries(metricNames.map((name, index) => [name, values[2 + index] as number]));
    return { loss, gradNorm, metrics };
  } finally {
    tf.dispose([...accumulated.gradients.values(), accumulated.loss, ...accumulated.metrics.values()]);
    if (clipped !== undefined) tf.dispose([...clipped.values()]);
  }
}
