import { existsSync, statSync } from 'node:fs';
import { readdir, readFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { type RawFlags, UsageError, writeFileAtomically } from '@bert/cli';
import { CONFIG_FILE, WEIGHTS_FILE } from '@bert/model';
import { type CheckpointEntry, listCheckpoints, METRICS_FILE, REPORT_FILE } from '@bert/trainer';

export const TOKENIZER_FILE = 'tokenizer.json';
/** The flags a run was started with (HF keeps `training_args.bin`); `--resume` reuses them. */
export const RUN_ARGS_FILE = 'pretrain_args.json';

/** Files of a finished or started run; their presence makes an output directory "taken". */
const RUN_FILES = [CONFIG_FILE, WEIGHTS_FILE, TOKENIZER_FILE, METRICS_FILE, REPORT_FILE, RUN_ARGS_FILE];

export interface OutputState {
  readonly dir: string;
  /** Run files present (config.json, tokenizer.json, …) and checkpoint directories. */
  readonly artifacts: readonly string[];
  readonly checkpoints: readonly CheckpointEntry[];
}

export async function inspectOutput(dir: string): Promise<OutputState> {
  if (!existsSync(dir)) return { dir, artifacts: [], checkpoints: [] };
  if (!statSync(dir).isDirectory()) throw new UsageError(`--output ${dir} is a file, not a directory`);
  const names = new Set(await readdir(dir));
  const checkpoints = await listCheckpoints(dir);
  const artifacts = [
    ...RUN_FILES.filter((name) => names.has(name)),
    ...checkpoints.map((entry) => basename(entry.path)),
  ];
  return { dir, artifacts, checkpoints };
}

/**
 * Refuses to start a run over an existing one unless asked (`--resume` continues it, `--overwrite` replaces it),
 * and resolves `--resume` to a checkpoint directory. Runs before anything is written.
 */
export async function checkOutput(
  dir: string,
  { resume, overwrite }: { resume: false | string; overwrite: boolean },
): Promise<{ state: OutputState; checkpoint: string | undefined }> {
  const state = await inspectOutput(dir);
  if (resume !== false) {
    if (overwrite) throw new UsageError('give --resume or --overwrite, not both');
    if (resume === 'latest') {
      const latest = state.checkpoints[state.checkpoints.length - 1];
      if (latest === undefined) throw new UsageError(`--resume: no checkpoint-<step>/ in --output ${dir}`);
      return { state, checkpoint: latest.path };
    }
    if (!existsSync(resume)) throw new UsageError(`--resume ${resume}: no such checkpoint directory`);
    return { state, checkpoint: resume };
  }
  if (state.artifacts.length > 0 && !overwrite) {
    const shown = state.artifacts.slice(0, 4).join(', ') + (state.artifacts.length > 4 ? ', …' : '');
    throw new UsageError(
      `--output ${dir} already holds a run (${shown}); pass --resume to continue it or --overwrite to replace it`,
    );
  }
  return { state, checkpoint: undefined };
}

/** The flags saved by the run in `dir`, or undefined when it has none. */
export async function readRunFlags(dir: string): Promise<RawFlags | undefined> {
  const path = join(dir, RUN_ARGS_FILE);
  if (!existsSync(path)) return undefined;
  try {
    const parsed = JSON.parse(await readFile(path, 'utf8')) as { flags?: RawFlags };
    return parsed.flags ?? {};
  } catch (error) {
    throw new UsageError(`${path}: not valid JSON (${(error as Error).message}); cannot --resume with its flags`);
  }
}

/** Saves the explicit flags (replayed by `--resume`) and the resolved options (for the record). */
export async function writeRunFlags(dir: string, flags: RawFlags, resolved: object): Promise<void> {
  const text = `${JSON.stringify({ flags, resolved }, null, 2)}\n`;
  await writeFileAtomically(join(dir, RUN_ARGS_FILE), text);
}

/** Flags that describe where and how to run, not what to train: never saved, never replayed by `--resume`. */
export const UNSAVED_FLAGS = new Set(['output', 'resume', 'overwrite', 'backend', 'verbose']);

/** `--resume`: the saved flags, overridden by the ones given now. */
export function mergeResumeFlags(saved: RawFlags | undefined, given: RawFlags): RawFlags {
  return { ...(saved ?? {}), ...given };
}

/** The flags worth saving for a later `--resume`. */
export function savedFlags(given: RawFlags): RawFlags {
  return Object.fromEntries(
    Object.entries(given).filter(([name, value]) => !UNSAVED_FLAGS.has(name) && value !== undefined),
  );
}
