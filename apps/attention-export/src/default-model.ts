import { existsSync } from 'node:fs';
import { readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { UsageError } from '@bert/cli';
import { CONFIG_FILE } from '@bert/model';

/**
 * The output of `bert-pretrain` with no flags (its `--output` default for the default `mini` preset, see
 * apps/pretrain/src/options.ts), relative to the working directory.
 */
export const DEFAULT_PRETRAIN_OUTPUT = 'out/pretrain-mini';
/** The command that creates it, from the repository root. */
export const DEFAULT_PRETRAIN_COMMAND = 'npm run pretrain';

/**
 * The default pretraining run's model under `cwd`: its final model directory, else (a run still going or stopped
 * early) its newest checkpoint. Fails with the command to run when there is neither.
 */
export async function defaultModelDir(cwd: string): Promise<string> {
  const run = join(cwd, DEFAULT_PRETRAIN_OUTPUT);
  if (existsSync(join(run, CONFIG_FILE))) return run;
  const names = existsSync(run) ? await readdir(run) : [];
  const checkpoints = names
    .filter((name) => /^checkpoint-\d+$/.test(name) && existsSync(join(run, name, CONFIG_FILE)))
    .sort((left, right) => Number(left.slice(11)) - Number(right.slice(11)));
  const newest = checkpoints.at(-1);
  if (newest !== undefined) return join(run, newest);
  throw new UsageError(
    `no --model given and no model in ${DEFAULT_PRETRAIN_OUTPUT}/ (the default pretraining run); ` +
      `run \`${DEFAULT_PRETRAIN_COMMAND}\` first, or pass --model DIR`,
  );
}
