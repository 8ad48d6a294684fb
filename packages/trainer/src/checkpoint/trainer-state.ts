import { readFile } from 'node:fs/promises';
import { CheckpointError } from '@bert/core';
import type { ScheduleState } from '../optim/schedules.js';

/** One line of `metrics.jsonl` and one entry of `log_history`: step, epoch and named numbers. */
export interface LogEntry {
  readonly step: number;
  readonly epoch: number;
  readonly [name: string]: number;
}

/**
 * `trainer_state.json`, HF `TrainerState` fields (snake_case, as on disk) plus what bit-for-bit resumption needs:
 * the data position, the data RNG's state, the schedule and the early-stopping counter.
 */
export interface TrainerStateJson {
  readonly global_step: number;
  /** Epochs done, fractional when the epoch length is known (HF). */
  readonly epoch: number;
  readonly max_steps: number | null;
  readonly num_train_epochs: number | null;
  readonly log_history: readonly LogEntry[];
  readonly best_metric: number | null;
  readonly best_model_checkpoint: string | null;
  readonly seed: number;
  readonly gradient_accumulation_steps: number;
  /** Where the next micro-batch comes from: epoch index and micro-batches already consumed in it. */
  readonly data_position: { readonly epoch: number; readonly batch_in_epoch: number };
  /** The data RNG provider's `getState()`, or null without a provider. */
  readonly rng_state: readonly number[] | null;
  readonly scheduler: ScheduleState;
  readonly early_stopping: {
    readonly metric: string;
    readonly best: number | null;
    readonly patience_counter: number;
  } | null;
  readonly format_version: 1;
}

export const TRAINER_STATE_FILE = 'trainer_state.json';

/** Reads and checks `trainer_state.json`; `CheckpointError` names the file and the bad field. */
export async function readTrainerState(path: string): Promise<TrainerStateJson> {
  let json: unknown;
  try {
    json = JSON.parse(await readFile(path, 'utf8'));
  } catch (error) {
    throw new CheckpointError(
      `${path}: cannot read (${(error as NodeJS.ErrnoException).code ?? (error as Error).message})`,
    );
  }
  const state = json as Partial<TrainerStateJson>;
  const fail = (field: string, value: unknown): never => {
    throw new CheckpointError(`${path}: field "${field}" is invalid (${JSON.stringify(value)})`);
  };
  if (typeof state !== 'object' || state === null) fail('(root)', state);
  if (state.format_version !== 1) fail('format_version', state.format_version);
  if (!Number.isInteger(state.global_step) || (state.global_step as number) < 0) fail('global_step', state.global_step);
  if (typeof state.epoch !== 'number') fail('epoch', state.epoch);
  if (!Array.isArray(state.log_history)) fail('log_history', state.log_history);
  const position = state.data_position;
  if (
    typeof position !== 'object' ||
    position === null ||
    !Number.isInteger(position.epoch) ||
    !Number.isInteger(position.batch_in_epoch)
  ) {
    fail('data_position', position);
  }
  if (
    state.rng_state !== null &&
    !(Array.isArray(state.rng_state) && state.rng_state.every((v) => typeof v === 'number'))
  ) {
    fail('rng_state', state.rng_state);
  }
  if (typeof state.scheduler !== 'object' || state.scheduler === null) fail('scheduler', state.scheduler);
  return state as TrainerStateJson;
}
