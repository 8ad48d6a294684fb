import * as tf from '@tensorflow/tfjs';
import type { LossFunction } from './loss-function.js';

/**
 * Loss, loss terms and metrics of `lossFn` over all `batches` without dropout, as the evalFn of a `Trainer`. Batches
 * are weighted by `lossFn.denominators` (e.g. masked tokens for MLM), so each result equals its mean over one batch
 * holding them all, and `loss` is the sum of the terms. One device read per batch; no tensor outlives the call.
 *
 * @example evalFn: (model) => evaluateLoss(model, evalBatches, pretrainingLossFn()) // { loss, mlm, nsp, mlm_accuracy, … }
 */
export async function evaluateLoss<M, B>(
  model: M,
  batches: Iterable<B> | AsyncIterable<B>,
  lossFn: LossFunction<M, B>,
): Promise<Record<string, number>> {
  const sums = new Map<string, { total: number; weight: number }>();
  const termNames = new Set<string>();
  for await (const batch of batches) {
    const denominators = lossFn.denominators?.(batch) ?? {};
    const { names, packed } = tf.tidy(() => {
      const output = lossFn(model, batch, false);
      const terms = Object.entries(output.terms ?? { loss: output.loss });
      for (const [name] of terms) termNames.add(name);
      const named = [...terms, ...Object.entries(output.metrics ?? {})];
      return { names: named.map(([name]) => name), packed: tf.stack(named.map(([, value]) => value)) }; // [terms + metrics]
    });
    const values = await packed.data();
    packed.dispose();
    names.forEach((name, index) => {
      const weight = denominators[name] ?? 1;
      const sum = sums.get(name) ?? { total: 0, weight: 0 };
      sums.set(name, { total: sum.total + weight * (values[index] as number), weight: sum.weight + weight });
    });
  }
  const means: Record<string, number> = {};
  for (const [name, { total, weight }] of sums) means[name] = weight > 0 ? total / weight : 0;
  if (!termNames.has('loss')) means['loss'] = [...termNames].reduce((sum, name) => sum + (means[name] ?? 0), 0);
  return means;
}
