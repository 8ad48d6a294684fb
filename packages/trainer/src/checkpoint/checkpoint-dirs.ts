import { readdir, rename, rm, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { TRAINER_STATE_FILE } from './trainer-state.js';

const CHECKPOINT_NAME = /^checkpoint-(\d+)$/;
/** Prefix of directories being written (or left by a crash mid-write); never read as checkpoints. */
export const TEMPORARY_PREFIX = '.tmp-checkpoint-';

/** `checkpoint-<step>`, HF's name. */
export function checkpointName(step: number): string {
  return `checkpoint-${step}`;
}

export interface CheckpointEntry {
  readonly step: number;
  readonly path: string;
}

/**
 * Complete checkpoints under `outputDir`, oldest first. A directory counts only once renamed into place, which
 * happens after every file is written, so anything listed here is whole.
 */
export async function listCheckpoints(outputDir: string): Promise<CheckpointEntry[]> {
  let names: string[];
  try {
    names = await readdir(outputDir);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return [];
    throw error;
  }
  const entries: CheckpointEntry[] = [];
  for (const name of names) {
    const match = CHECKPOINT_NAME.exec(name);
    if (match === null) continue;
    const path = join(outputDir, name);
    const complete = await stat(join(path, TRAINER_STATE_FILE)).then(
      () => true,
      () => false,
    );
    if (complete) entries.push({ step: Number(match[1]), path });
  }
  return entries.sort((left, right) => left.step - right.step);
}

/** The newest complete checkpoint under `outputDir`, or undefined. */
export async function latestCheckpoint(outputDir: string): Promise<string | undefined> {
  return (await listCheckpoints(outputDir)).at(-1)?.path;
}

/** Deletes all but the newest `keepLast` checkpoints (and never one in `protect`); returns the deleted paths. */
export async function rotateCheckpoints(
  outputDir: string,
  keepLast: number,
  protect: readonly string[] = [],
): Promise<string[]> {
  if (!Number.isFinite(keepLast)) return [];
  const entries = await listCheckpoints(outputDir);
  const doomed = entries.slice(0, Math.max(0, entries.length - keepLast)).filter(({ path }) => !protect.includes(path));
  for (const { path, step } of doomed) {
    // Rename first (atomic), then delete: a kill mid-delete leaves a temporary, never a listed half checkpoint.
    const trash = join(outputDir, `${TEMPORARY_PREFIX}${step}-${process.pid}.deleted`);
    await rename(path, trash);
    await rm(trash, { recursive: true, force: true });
  }
  return doomed.map(({ path }) => path);
}

/** Removes temporary directories a killed process left behind (a half-written checkpoint). */
export async function removeTemporaries(outputDir: string): Promise<void> {
  const names = await readdir(outputDir).catch(() => [] as string[]);
  for (const name of names) {
    if (name.startsWith(TEMPORARY_PREFIX)) await rm(join(outputDir, name), { recursive: true, force: true });
  }
}
