import { CheckpointError, ConfigError, ShapeError } from '@bert/core';
import * as tf from '@tensorflow/tfjs';
import { isNoDecayParameter } from './param-groups.js';

/** AdamW hyper-parameters except the learning rate, which the schedule passes to every `step`. */
export interface AdamWConfig {
  readonly beta1: number;
  readonly beta2: number;
  /** HF `TrainingArguments.adam_epsilon` and PyTorch default 1e-8 (Keras uses 1e-7). */
  readonly epsilon: number;
  /** Decoupled weight decay λ: `p ← p − lr·λ·p` before the Adam update. HF `Trainer` default 0.0, BERT's 0.01. */
  readonly weightDecay: number;
  /** Parameters exempt from decay, by HF name (default: biases and LayerNorm weights). */
  readonly noDecay: (name: string) => boolean;
}

export const ADAMW_DEFAULTS: AdamWConfig = Object.freeze({
  beta1: 0.9,
  beta2: 0.999,
  epsilon: 1e-8,
  weightDecay: 0.01,
  noDecay: isNoDecayParameter,
});

/** `{...ADAMW_DEFAULTS, ...overrides}`, validated and frozen; errors quote the value. */
export function resolveAdamWConfig(overrides: Partial<AdamWConfig> = {}): AdamWConfig {
  const config = { ...ADAMW_DEFAULTS, ...overrides };
  for (const key of ['beta1', 'beta2'] as const) {
    if (!(config[key] >= 0 && config[key] < 1)) throw new ConfigError(`${key} (${config[key]}) must be in [0, 1)`);
  }
  if (!(config.epsilon > 0)) throw new ConfigError(`epsilon (${config.epsilon}) must be positive`);
  if (!(config.weightDecay >= 0)) throw new ConfigError(`weightDecay (${config.weightDecay}) must be ≥ 0`);
  return Object.freeze(config);
}

/** One parameter's optimizer state in its in-memory layout (the checkpoint module converts layouts). */
export interface MomentState {
  /** Updates this parameter received (PyTorch keeps `state['step']` per parameter; equal unless a grad was absent). */
  readonly step: number;
  readonly shape: readonly number[];
  readonly expAvg: Float32Array;
  readonly expAvgSq: Float32Array;
}

/** Everything `loadState` needs to continue bit-for-bit: HF name → moments. */
export interface OptimizerState {
  readonly step: number;
  readonly parameters: ReadonlyMap<string, MomentState>;
}

interface Slot {
  readonly variable: tf.Variable;
  readonly expAvg: tf.Variable; // m, same shape as the parameter
  readonly expAvgSq: tf.Variable; // v
  readonly decay: boolean;
  step: number;
}

/**
 * PyTorch `torch.optim.AdamW` (what HF `Trainer` uses), op for op, on named tf.Variables:
 *
 *   p ← p · (1 − lr·λ)                       (decay group only; decoupled, before the Adam update)
 *   m ← m + (1 − β1)(g − m)                  (`exp_avg.lerp_`; = β1·m + (1 − β1)·g)
 *   v ← β2·v + (1 − β2)·g²
 *   p ← p − (lr / (1 − β1ᵗ)) · m / (√v / √(1 − β2ᵗ) + ε)
 *
 * Moments are tf.Variables created once (zeros), so the tensor count stays constant across steps. With
 * `weightDecay: 0` this is exactly `torch.optim.Adam` — see `adam()`.
 */
export class AdamW {
  readonly config: AdamWConfig;
  readonly #slots = new Map<string, Slot>();
  #step = 0;

  constructor(parameters: ReadonlyMap<string, tf.Variable>, options: Partial<AdamWConfig> = {}) {
    this.config = resolveAdamWConfig(options);
    for (const [name, variable] of parameters) {
      if (variable.dtype !== 'float32')
        throw new ConfigError(`parameter "${name}" has dtype ${variable.dtype}, not float32`);
      this.#slots.set(name, {
        variable,
        expAvg: zerosVariable(variable.shape),
        expAvgSq: zerosVariable(variable.shape),
        decay: this.config.weightDecay > 0 && !this.config.noDecay(name),
        step: 0,
      });
    }
  }

  /** Optimizer updates applied so far (HF `global_step` when one update per step). */
  get step(): number {
    return this.#step;
  }

  /** HF names in the decay group, for logs and tests. */
  get decayedParameters(): string[] {
    return [...this.#slots].filter(([, slot]) => slot.decay).map(([name]) => name);
  }

  /**
   * Applies one update with learning rate `lr`. `gradients` maps HF names to tensors of the parameter's shape;
   * a parameter without a gradient is left untouched (no decay, no moment update), as PyTorch skips `grad is None`.
   * Does not dispose the gradients.
   */
  applyGradients(gradients: ReadonlyMap<string, tf.Tensor>, lr: number): void {
    if (!(lr >= 0)) throw new ConfigError(`learning rate (${lr}) must be ≥ 0`);
    for (const [name, gradient] of gradients) {
      const slot = this.#slots.get(name);
      if (slot === undefined) throw new ConfigError(`gradient for "${name}", which this optimizer does not hold`);
      const expected = slot.variable.shape;
      if (gradient.rank !== expected.length || gradient.shape.some((size, axis) => size !== expected[axis])) {
        throw new ShapeError(`gradient of "${name}": expected shape [${expected}], got [${gradient.shape}]`);
      }
    }
    const { beta1, beta2, epsilon, weightDecay } = this.config;
    this.#step++;
    // Scalars shared by every parameter (created once per step, not once per parameter: small models are dominated
    // by per-op overhead). Values are those of PyTorch, rounded to float32 as its kernels do.
    const shared = {
      oneMinusBeta1: tf.scalar(1 - beta1),
      beta2: tf.scalar(beta2),
      oneMinusBeta2: tf.scalar(1 - beta2),
      epsilon: tf.scalar(epsilon),
      decayFactor: tf.scalar(1 - lr * weightDecay),
    };
    const perStep = new Map<number, { negativeStepSize: tf.Scalar; biasCorrection2Sqrt: tf.Scalar }>();
    try {
      for (const [name, slot] of this.#slots) {
        const gradient = gradients.get(name);
        if (gradient === undefined) continue;
        const step = ++slot.step;
        let corrections = perStep.get(step);
        if (corrections === undefined) {
          corrections = {
            negativeStepSize: tf.scalar(-lr / (1 - beta1 ** step)),
            biasCorrection2Sqrt: tf.scalar(Math.sqrt(1 - beta2 ** step)),
          };
          perStep.set(step, corrections);
        }
        // One tidy per parameter: its ~8 temporaries (each the parameter's size) are freed before the next one
        // starts. A single tidy over all parameters (as tf.train.adam does) holds them all until the end — 3.4 GB of
        // tensors for the course's 44M-parameter config, and past wasm's 4 GB for BERT-base.
        this.#update(slot, gradient, shared, corrections);
      }
    } finally {
      tf.dispose([...Object.values(shared), ...[...perStep.values()].flatMap((c) => Object.values(c))]);
    }
  }

  #update(
    slot: Slot,
    gradient: tf.Tensor,
    shared: Readonly<Record<'oneMinusBeta1' | 'beta2' | 'oneMinusBeta2' | 'epsilon' | 'decayFactor', tf.Scalar>>,
    corrections: { readonly negativeStepSize: tf.Scalar; readonly biasCorrection2Sqrt: tf.Scalar },
  ): void {
    tf.tidy(() => {
      const decayed = slot.decay ? tf.mul(slot.variable, shared.decayFactor) : slot.variable;
      const expAvg = tf.add(slot.expAvg, tf.mul(shared.oneMinusBeta1, tf.sub(gradient, slot.expAvg)));
      const expAvgSq = tf.add(
        tf.mul(slot.expAvgSq, shared.beta2),
        tf.mul(tf.mul(shared.oneMinusBeta2, gradient), gradient),
      );
      const denominator = tf.add(tf.div(tf.sqrt(expAvgSq), corrections.biasCorrection2Sqrt), shared.epsilon);
      const updated = tf.add(decayed, tf.div(tf.mul(corrections.negativeStepSize, expAvg), denominator));
      slot.expAvg.assign(expAvg);
      slot.expAvgSq.assign(expAvgSq);
      slot.variable.assign(updated);
    });
  }

  /** Copies the moments to CPU (one read per tensor; call between steps, e.g. when checkpointing). */
  async state(): Promise<OptimizerState> {
    const parameters = new Map<string, MomentState>();
    for (const [name, slot] of this.#slots) {
      const [expAvg, expAvgSq] = (await Promise.all([slot.expAvg.data(), slot.expAvgSq.data()])) as Float32Array[];
      parameters.set(name, {
        step: slot.step,
        shape: [...slot.variable.shape],
        expAvg: new Float32Array(expAvg as Float32Array),
        expAvgSq: new Float32Array(expAvgSq as Float32Array),
      });
    }
    return { step: this.#step, parameters };
  }

  /**
   * Restores moments and step counts saved by `state()`. Checks every name and shape before changing anything and
   * throws `CheckpointError` naming the first mismatch (`source` names the file in the message).
   */
  loadState(state: OptimizerState, source = 'optimizer state'): void {
    this.checkState(state, source);
    tf.tidy(() => {
      for (const [name, slot] of this.#slots) {
        const saved = state.parameters.get(name) as MomentState;
        slot.expAvg.assign(tf.tensor(saved.expAvg, [...saved.shape], 'float32'));
        slot.expAvgSq.assign(tf.tensor(saved.expAvgSq, [...saved.shape], 'float32'));
        slot.step = saved.step;
      }
    });
    this.#step = state.step;
  }

  /** Throws the `CheckpointError` that `loadState` would, without changing anything. */
  checkState(state: OptimizerState, source = 'optimizer state'): void {
    for (const [name, slot] of this.#slots) {
      const saved = state.parameters.get(name);
      if (saved === undefined) throw new CheckpointError(`${source}: no moments for parameter "${name}"`);
      const expected = slot.variable.shape;
      const sameShape =
        saved.shape.length === expected.length && saved.shape.every((size, axis) => size === expected[axis]);
      if (!sameShape) {
        throw new CheckpointError(
          `${source}: "${name}" has shape [${saved.shape}] in the checkpoint but [${expected}] in the model`,
        );
      }
    }
    for (const name of state.parameters.keys()) {
      if (!this.#slots.has(name)) throw new CheckpointError(`${source}: "${name}" is not a parameter of this model`);
    }
  }

  /** Frees the moment variables (not the parameters, which the model owns). */
  dispose(): void {
    for (const slot of this.#slots.values()) tf.dispose([slot.expAvg, slot.expAvgSq]);
    this.#slots.clear();
  }
}

/** A non-trainable zero variable (the initial tensor is freed: tf.variable keeps its own reference to the data). */
function zerosVariable(shape: readonly number[]): tf.Variable {
  const initial = tf.zeros([...shape]);
  const variable = tf.variable(initial, false);
  initial.dispose();
  return variable;
}

/**
 * Plain Adam (`torch.optim.Adam`, no weight decay), the course's optimizer: AdamW with `weightDecay: 0`, which is the
 * same update (decay is the only difference between the two).
 */
export function adam(
  parameters: ReadonlyMap<string, tf.Variable>,
  options: Partial<Omit<AdamWConfig, 'weightDecay' | 'noDecay'>> = {},
): AdamW {
  return new AdamW(parameters, { ...options, weightDecay: 0 });
}
