import { open, readdir, rename, rm, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { ConfigError } from '@bert/core';
import { type BertPreTrainedModel, saveModel } from '@bert/model';
import type { AdamW } from '../optim/adamw.js';
import { checkpointName, rotateCheckpoints, TEMPORARY_PREFIX } from './checkpoint-dirs.js';
import { OPTIMIZER_FILE, serializeOptimizerState } from './optimizer-file.js';
import { TRAINER_STATE_FILE, type TrainerStateJson } from './trainer-state.js';

export interface CheckpointContents {
  readonly model: BertPreTrainedModel<unknown>;
  readonly optimizer: AdamW;
  readonly trainerState: TrainerStateJson;
}

export interface SaveCheckpointOptions {
  /** Keep only the newest K checkpoints, deleted after the new one is complete (default: keep all). */
  readonly keepLast?: number;
  /** Checkpoints rotation must not delete (e.g. the best one). */
  readonly protect?: readonly string[];
}

/**
 * Writes `outputDir/checkpoint-<step>/`: the model directory (`config.json`, `model.safetensors`),
 * `optimizer.safetensors` and `trainer_state.json`. Everything goes to a temporary directory first, is flushed to
 * disk, and only then renamed into place, so a process killed at any instant leaves either the previous set of
 * checkpoints or the new complete one — never a half checkpoint. Older checkpoints beyond `keepLast` are deleted
 * only after that rename. Returns the checkpoint's path.
 */
export async function saveCheckpoint(
  outputDir: string,
  step: number,
  contents: CheckpointContents,
  options: SaveCheckpointOptions = {},
): Promise<string> {
  if (!(Number.isInteger(step) && step >= 0)) throw new ConfigError(`checkpoint step (${step}) must be an integer ≥ 0`);
  const keepLast = options.keepLast ?? Number.POSITIVE_INFINITY;
  if (!(keepLast >= 1)) throw new ConfigError(`keepLast (${keepLast}) must be ≥ 1`);
  const { model, optimizer, trainerState } = contents;
  const finalPath = join(outputDir, checkpointName(step));
  const temporary = join(outputDir, `${TEMPORARY_PREFIX}${step}-${process.pid}`);
  await rm(temporary, { recursive: true, force: true });
  await saveModel(model, temporary); // creates the directory (and outputDir)
  const layouts = new Map([...model.parameters()].map(([name, parameter]) => [name, parameter.layout]));
  await writeFile(join(temporary, OPTIMIZER_FILE), serializeOptimizerState(await optimizer.state(), layouts));
  await writeFile(join(temporary, TRAINER_STATE_FILE), `${JSON.stringify(trainerState, null, 2)}\n`);
  await syncDirectory(temporary, true);

  // Re-saving a step (after a resume) replaces the old directory: move it aside, put the new one in place, drop it.
  const replaced = `${temporary}.replaced`;
  const hadOld = await rename(finalPath, replaced).then(
    () => true,
    (error: NodeJS.ErrnoException) => {
      if (error.code === 'ENOENT') return false;
      throw error;
    },
  );
  await rename(temporary, finalPath);
  await syncDirectory(outputDir, false);
  if (hadOld) await rm(replaced, { recursive: true, force: true });
  await rotateCheckpoints(outputDir, keepLast, [finalPath, ...(options.protect ?? [])]);
  return finalPath;
}

/** fsync every file in `dir` (when `files`) and the directory itself, so a rename publishes durable contents. */
async function syncDirectory(dir: string, files: boolean): Promise<void> {
  if (files) {
    for (const name of await readdir(dir)) {
      const handle = await open(join(dir, name), 'r');
      await handle.sync().finally(() => handle.close());
    }
  }
  const handle = await open(dir, 'r');
  await handle.sync().finally(() => handle.close());
}
