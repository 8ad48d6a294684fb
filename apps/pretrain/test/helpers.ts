import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { existsSync } from 'node:fs';
import { mkdtemp, readdir, readFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';

/** The built bin, as users run it (`npm run build` first; turbo's test task depends on the build). */
export const CLI = fileURLToPath(new URL('../dist/cli.js', import.meta.url));

export interface CliRun {
  readonly code: number | null;
  readonly stdout: string;
  readonly stderr: string;
}

/** Runs `node dist/cli.js ...args` in `cwd` and collects its output. */
export function runCli(args: readonly string[], cwd: string): Promise<CliRun> {
  if (!existsSync(CLI)) throw new Error(`${CLI} is missing: run \`npm run build -w @bert/app-pretrain\` first`);
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [CLI, ...args], { cwd, env: { ...process.env, BERT_BACKEND: 'wasm' } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => {
      stdout += chunk.toString();
    });
    child.stderr.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code) => resolve({ code, stdout, stderr }));
  });
}

/** The lines of a stream's text, without the empty one after the final newline. */
export function lines(text: string): string[] {
  return text.split('\n').filter((line, index, all) => !(line === '' && index === all.length - 1));
}

export async function temporaryDirectory(prefix: string): Promise<string> {
  return mkdtemp(join(tmpdir(), `bert-pretrain-${prefix}-`));
}

/** Every file under `dir` with a hash of its bytes, to prove a failed run changed nothing. */
export async function snapshot(dir: string): Promise<Record<string, string>> {
  const result: Record<string, string> = {};
  const walk = async (current: string): Promise<void> => {
    for (const entry of await readdir(current, { withFileTypes: true })) {
      const path = join(current, entry.name);
      if (entry.isDirectory()) await walk(path);
      else
        result[relative(dir, path)] = createHash('sha256')
          .update(await readFile(path))
          .digest('hex');
    }
  };
  await walk(dir);
  return result;
}

/**
 * A small corpus in the sentence-per-line format: `documents` documents of 3–7 sentences over a 20-word vocabulary,
 * separated by blank lines. Deterministic.
 */
export async function writeSmallCorpus(path: string, documents = 12): Promise<void> {
  const words = 'the a cat dog bird sat ran flew on over under mat log house tree red blue big small and'.split(' ');
  let state = 12345;
  const next = (n: number) => {
    state = (Math.imul(state, 1103515245) + 12345) >>> 0;
    return (state >>> 8) % n;
  };
  const text = Array.from({ length: documents }, () =>
    Array.from({ length: 3 + next(5) }, () => {
      const sentence = Array.from({ length: 4 + next(7) }, () => words[next(words.length)]).join(' ');
      return `${sentence.charAt(0).toUpperCase()}${sentence.slice(1)}.`;
    }).join('\n'),
  ).join('\n\n');
  await writeFile(path, `${text}\n`);
}
