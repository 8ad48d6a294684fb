import { ConfigError } from '@bert/core';

export interface EarlyStoppingOptions {
  /** Eval metric to watch, as evalFn names it (`loss`) or as logged (`eval_loss`). */
  readonly metric: string;
  /** Evaluations without improvement before stopping. */
  readonly patience: number;
  /** `min` (default) for losses, `max` for accuracies. */
  readonly mode?: 'min' | 'max';
  /** Smallest change that counts as an improvement (HF `early_stopping_threshold`). Default 0. */
  readonly minDelta?: number;
}

export interface EarlyStoppingState {
  readonly metric: string;
  readonly best: number | null;
  readonly patience_counter: number;
}

/**
 * HF `EarlyStoppingCallback`: after each evaluation, an improvement (by more than `minDelta`) resets the counter,
 * anything else increments it; training stops once it reaches `patience`. Its state is checkpointed, so a resumed
 * run stops at the same step.
 */
export class EarlyStopping {
  readonly options: Required<EarlyStoppingOptions>;
  #best: number | null = null;
  #counter = 0;

  constructor(options: EarlyStoppingOptions) {
    this.options = Object.freeze({ mode: 'min', minDelta: 0, ...options });
    const { patience, mode, minDelta } = this.options;
    if (!(Number.isInteger(patience) && patience >= 1))
      throw new ConfigError(`earlyStopping.patience (${patience}) must be an integer ≥ 1`);
    if (mode !== 'min' && mode !== 'max')
      throw new ConfigError(`earlyStopping.mode ("${mode as string}") must be "min" or "max"`);
    if (!(minDelta >= 0)) throw new ConfigError(`earlyStopping.minDelta (${minDelta}) must be ≥ 0`);
  }

  /** The logged name of the metric among `metrics` (as given, or with `eval_`); ConfigError listing what exists. */
  resolve(metrics: Readonly<Record<string, number>>): number {
    const { metric } = this.options;
    const value = metrics[metric] ?? metrics[`eval_${metric}`];
    if (value === undefined) {
      throw new ConfigError(
        `earlyStopping.metric "${metric}" is not among the eval metrics (${Object.keys(metrics).join(', ')})`,
      );
    }
    return value;
  }

  /** Records one evaluation; returns true when it is the best so far. */
  update(value: number): boolean {
    const { mode, minDelta } = this.options;
    const improved =
      this.#best === null || (mode === 'min' ? value < this.#best - minDelta : value > this.#best + minDelta);
    if (improved) {
      this.#best = value;
      this.#counter = 0;
    } else {
      this.#counter++;
    }
    return improved;
  }

  get shouldStop(): boolean {
    return this.#counter >= this.options.patience;
  }

  get best(): number | null {
    return this.#best;
  }

  state(): EarlyStoppingState {
    return { metric: this.options.metric, best: this.#best, patience_counter: this.#counter };
  }

  loadState(state: EarlyStoppingState): void {
    this.#best = state.best;
    this.#counter = state.patience_counter;
  }
}
