import { ConfigError } from '@bert/core';

export const SCHEDULE_NAMES = ['constant', 'constant_with_warmup', 'linear', 'cosine'] as const;
export type ScheduleName = (typeof SCHEDULE_NAMES)[number];

/** What a schedule is, as saved in `trainer_state.json` (HF `lr_scheduler_type` names). */
export interface ScheduleState {
  readonly name: ScheduleName;
  readonly baseLr: number;
  readonly warmupSteps: number;
  readonly totalSteps: number | null;
  readonly numCycles: number | null;
}

/**
 * The learning rate of every optimizer update, as a pure function of the update's index. HF wraps the same
 * multipliers in a `LambdaLR` stepped after each update, so update k (0-based) uses `baseLr · λ(k)`: with warmup the
 * very first update has lr 0, exactly as in HF. Being a function of the step, a schedule needs no state to resume.
 */
export interface LearningRateSchedule {
  readonly state: ScheduleState;
  /** Learning rate for update `step` (0-based). */
  lrAt(step: number): number;
}

function checkCommon(baseLr: number, warmupSteps: number): void {
  if (!(baseLr >= 0 && Number.isFinite(baseLr)))
    throw new ConfigError(`learning rate (${baseLr}) must be finite and ≥ 0`);
  if (!(Number.isInteger(warmupSteps) && warmupSteps >= 0)) {
    throw new ConfigError(`warmupSteps (${warmupSteps}) must be an integer ≥ 0`);
  }
}

function checkTotal(warmupSteps: number, totalSteps: number): void {
  if (!(Number.isInteger(totalSteps) && totalSteps > 0)) {
    throw new ConfigError(`totalSteps (${totalSteps}) must be a positive integer`);
  }
  if (warmupSteps > totalSteps)
    throw new ConfigError(`warmupSteps (${warmupSteps}) exceeds totalSteps (${totalSteps})`);
}

/** λ(k) = k / max(1, W) during warmup (HF `_get_*_with_warmup_lr_lambda`). */
const warmup = (step: number, warmupSteps: number) => step / Math.max(1, warmupSteps);

function schedule(state: ScheduleState, multiplier: (step: number) => number): LearningRateSchedule {
  const frozen = Object.freeze({ ...state });
  return Object.freeze({
    state: frozen,
    lrAt(step: number): number {
      if (!(Number.isInteger(step) && step >= 0)) throw new ConfigError(`step (${step}) must be an integer ≥ 0`);
      return frozen.baseLr * multiplier(step);
    },
  });
}

/** HF `get_constant_schedule` (`warmupSteps` 0) or `get_constant_schedule_with_warmup`. */
export function constantSchedule(lr: number, { warmupSteps = 0 }: { warmupSteps?: number } = {}): LearningRateSchedule {
  checkCommon(lr, warmupSteps);
  const name: ScheduleName = warmupSteps > 0 ? 'constant_with_warmup' : 'constant';
  return schedule({ name, baseLr: lr, warmupSteps, totalSteps: null, numCycles: null }, (step) =>
    step < warmupSteps ? warmup(step, warmupSteps) : 1,
  );
}

/**
 * HF `get_linear_schedule_with_warmup`: 0 → lr over `warmupSteps`, then linearly to 0 at `totalSteps`.
 *
 * @example linearSchedule({ lr: 1e-3, warmupSteps: 10, totalSteps: 110 }).lrAt(60) // 1e-3 · (110 − 60)/100 = 5e-4
 */
export function linearSchedule({
  lr,
  warmupSteps = 0,
  totalSteps,
}: {
  lr: number;
  warmupSteps?: number;
  totalSteps: number;
}): LearningRateSchedule {
  checkCommon(lr, warmupSteps);
  checkTotal(warmupSteps, totalSteps);
  return schedule({ name: 'linear', baseLr: lr, warmupSteps, totalSteps, numCycles: null }, (step) =>
    step < warmupSteps
      ? warmup(step, warmupSteps)
      : Math.max(0, (totalSteps - step) / Math.max(1, totalSteps - warmupSteps)),
  );
}

/**
 * HF `get_cosine_schedule_with_warmup`: warmup, then `0.5·(1 + cos(π·2·numCycles·progress))` — with the default
 * 0.5 cycles, half a cosine from lr down to 0 at `totalSteps`.
 *
 * @example cosineSchedule({ lr: 1, warmupSteps: 0, totalSteps: 100 }).lrAt(50) // 0.5
 */
export function cosineSchedule({
  lr,
  warmupSteps = 0,
  totalSteps,
  numCycles = 0.5,
}: {
  lr: number;
  warmupSteps?: number;
  totalSteps: number;
  numCycles?: number;
}): LearningRateSchedule {
  checkCommon(lr, warmupSteps);
  checkTotal(warmupSteps, totalSteps);
  if (!(numCycles > 0)) throw new ConfigError(`numCycles (${numCycles}) must be positive`);
  return schedule({ name: 'cosine', baseLr: lr, warmupSteps, totalSteps, numCycles }, (step) => {
    if (step < warmupSteps) return warmup(step, warmupSteps);
    const progress = (step - warmupSteps) / Math.max(1, totalSteps - warmupSteps);
    return Math.max(0, 0.5 * (1 + Math.cos(Math.PI * numCycles * 2 * progress)));
  });
}

/** Rebuilds a schedule from its saved state (the inverse of `schedule.state`). */
export function scheduleFromState(state: ScheduleState): LearningRateSchedule {
  const { name, baseLr, warmupSteps, totalSteps, numCycles } = state;
  switch (name) {
    case 'constant':
    case 'constant_with_warmup':
      return constantSchedule(baseLr, { warmupSteps });
    case 'linear':
      return linearSchedule({ lr: baseLr, warmupSteps, totalSteps: totalSteps ?? Number.NaN });
    case 'cosine':
      return cosineSchedule({
        lr: baseLr,
        warmupSteps,
        totalSteps: totalSteps ?? Number.NaN,
        numCycles: numCycles ?? 0.5,
      });
    default:
      throw new ConfigError(`unknown schedule "${name as string}" (known: ${SCHEDULE_NAMES.join(', ')})`);
  }
}
