import { readFile } from 'node:fs/promises';
import { join } from 'node:path';
import { CheckpointError } from '@bert/core';
import type { BertPreTrainedModel } from '@bert/model';
import type { AdamW } from '../optim/adamw.js';
import { prepareModelWeights } from './model-weights.js';
import { OPTIMIZER_FILE, parseOptimizerState } from './optimizer-file.js';
import { readTrainerState, TRAINER_STATE_FILE, type TrainerStateJson } from './trainer-state.js';

export interface LoadCheckpointTargets {
  readonly model: BertPreTrainedModel<unknown>;
  readonly optimizer: AdamW;
}

/**
 * Restores a `checkpoint-<step>/` directory into an existing model and optimizer and returns its trainer state
 * (step, log history, data position, RNG state, …). Everything is checked before anything changes: a checkpoint of
 * another config fails with `CheckpointError` naming the first mismatching config field, parameter name or shape,
 * and leaves model and optimizer as they were. Weights and moments are restored exactly.
 */
export async function loadCheckpoint(
  dir: string,
  { model, optimizer }: LoadCheckpointTargets,
): Promise<TrainerStateJson> {
  const trainerState = await readTrainerState(join(dir, TRAINER_STATE_FILE));
  const applyWeights = await prepareModelWeights(model, dir); // checks config and weights first: the best message
  const optimizerPath = join(dir, OPTIMIZER_FILE);
  const bytes = await readFile(optimizerPath).catch((error: NodeJS.ErrnoException) => {
    throw new CheckpointError(`${optimizerPath}: cannot read (${error.code ?? error.message})`);
  });
  const layouts = new Map([...model.parameters()].map(([name, parameter]) => [name, parameter.layout]));
  const optimizerState = parseOptimizerState(new Uint8Array(bytes), layouts, optimizerPath);
  if (optimizerState.step !== trainerState.global_step) {
    throw new CheckpointError(
      `${optimizerPath}: step ${optimizerState.step} does not match global_step ${trainerState.global_step} in ${TRAINER_STATE_FILE}`,
    );
  }
  optimizer.checkState(optimizerState, optimizerPath);
  applyWeights();
  optimizer.loadState(optimizerState, optimizerPath);
  return trainerState;
}
