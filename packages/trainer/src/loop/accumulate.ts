import { ConfigError } from '@bert/core';
import * as tf from '@tensorflow/tfjs';
import type { LossFunction } from './loss-function.js';

/**
 * Each micro-batch's share of the optimizer step, per term: share_i[t] = d_i[t] / Σ_j d_j[t], with d from
 * `lossFn.denominators` (1/k for names without one, and when a term's total is 0).
 *
 * Why: a term is a mean, L_i = S_i / d_i (S_i a sum over d_i masked tokens, say). The k-times-larger batch's mean is
 * L = Σ S_i / Σ d_i = Σ (d_i / Σ d_j) · L_i, so weighting each micro-batch's mean by its share of the denominator
 * gives exactly the big batch's loss and gradient. A plain 1/k average would over-weight micro-batches with few
 * masked tokens. MLM and NSP have different denominators (tokens vs sequences), hence one share per term.
 *
 * @example microBatchShares(fn, [a, b]) // a has 3 masked tokens, b has 1: [{ mlm: 0.75, nsp: 0.5 }, { mlm: 0.25, nsp: 0.5 }]
 */
export function microBatchShares<M, B>(
  lossFn: LossFunction<M, B>,
  microBatches: readonly B[],
): Readonly<Record<string, number>>[] {
  const k = microBatches.length;
  if (k === 0) throw new ConfigError('a training step needs at least one micro-batch');
  if (lossFn.denominators === undefined) return microBatches.map(() => ({}));
  const counts = microBatches.map((batch) => lossFn.denominators?.(batch) ?? {});
  const totals: Record<string, number> = {};
  for (const count of counts) {
    for (const [name, value] of Object.entries(count)) {
      if (!(value >= 0 && Number.isFinite(value)))
        throw new ConfigError(`denominator "${name}" (${value}) must be finite and ≥ 0`);
      totals[name] = (totals[name] ?? 0) + value;
    }
  }
  return counts.map((count) =>
    Object.fromEntries(
      Object.entries(totals).map(([name, total]) => [name, total > 0 ? (count[name] ?? 0) / total : 1 / k]),
    ),
  );
}

/** One optimizer step's worth of accumulated results; the caller disposes every tensor. */
export interface AccumulatedGradients {
  /** HF name → Σ_i share_i · ∇L_i, the gradient of the big batch's loss. Parameters without gradient are absent. */
  readonly gradients: Map<string, tf.Tensor>;
  /** The big batch's loss, [] float32. */
  readonly loss: tf.Scalar;
  /** The big batch's metrics, each [] float32. */
  readonly metrics: Map<string, tf.Scalar>;
}

/**
 * Runs `lossFn` and its gradient on each micro-batch in turn (one tidy scope each, so only the running sums stay
 * alive) and sums share-weighted gradients, losses and metrics. With one micro-batch every share is 1 and the
 * result is bit-identical to differentiating the loss directly.
 */
export function accumulateGradients<M, B>(
  model: M,
  parameters: ReadonlyMap<string, tf.Variable>,
  lossFn: LossFunction<M, B>,
  microBatches: readonly B[],
  dropoutSeeds: readonly number[],
): AccumulatedGradients {
  const shares = microBatchShares(lossFn, microBatches);
  const k = microBatches.length;
  const hfNames = new Map([...parameters].map(([name, variable]) => [variable.name, name]));
  const variables = [...parameters.values()];
  const gradients = new Map<string, tf.Tensor>();
  const metrics = new Map<string, tf.Scalar>();
  let loss: tf.Scalar | undefined;
  const addTo = <T extends tf.Tensor>(sums: Map<string, T>, name: string, value: T) => {
    const previous = sums.get(name);
    if (previous === undefined) {
      sums.set(name, value);
      return;
    }
    sums.set(name, tf.add(previous, value) as T);
    tf.dispose([previous, value]);
  };

  microBatches.forEach((batch, index) => {
    const share = (name: string) => shares[index]?.[name] ?? 1 / k;
    const weigh = (value: tf.Scalar, name: string) => (k === 1 ? value : (tf.mul(value, share(name)) as tf.Scalar));
    let kept: [string, tf.Scalar][] = [];
    const { value, grads } = tf.variableGrads(() => {
      const output = lossFn(model, batch, true, dropoutSeeds[index]);
      const objective =
        output.terms === undefined
          ? weigh(output.loss, 'loss')
          : (tf.addN(Object.entries(output.terms).map(([name, term]) => weigh(term, name))) as tf.Scalar);
      // Metrics are not what is differentiated; keep them past the gradient's own tidy scope.
      kept = Object.entries(output.metrics ?? {}).map(([name, metric]) => [name, tf.keep(weigh(metric, name))]);
      return objective;
    }, variables);
    for (const [variableName, gradient] of Object.entries(grads)) {
      const name = hfNames.get(variableName);
      if (name === undefined) throw new ConfigError(`gradient for unknown variable "${variableName}"`);
      addTo(gradients, name, gradient);
    }
    loss = loss === undefined ? (value as tf.Scalar) : addScalars(loss, value as tf.Scalar);
    for (const [name, metric] of kept) addTo(metrics, name, metric);
  });
  return { gradients, loss: loss as tf.Scalar, metrics };
}

function addScalars(left: tf.Scalar, right: tf.Scalar): tf.Scalar {
  const sum = tf.add(left, right) as tf.Scalar;
  tf.dispose([left, right]);
  return sum;
}
