import { type ChildProcess, spawn } from 'node:child_process';
import { cp, mkdir, readFile, rm } from 'node:fs/promises';
import { availableParallelism } from 'node:os';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { beforeAll, describe, expect, it } from 'vitest';
import { parseMetricsLog } from '../src/loop/metrics-log.js';

const here = dirname(fileURLToPath(import.meta.url));
// Inside the package, so the bundle resolves @bert/*, @tensorflow/* and uplot from node_modules.
const work = join(here, '..', 'test-output', 'kill-resume');
const script = join(work, 'kill-resume-run.mjs');

interface Run {
  readonly events: Record<string, unknown>[];
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly stderr: string;
}

/** Runs the fixture; `killWhen` sees each stdout event and returns true to SIGKILL the process right there. */
function run(
  args: string[],
  options: { env?: Record<string, string>; killWhen?: (event: Record<string, unknown>) => boolean } = {},
): Promise<Run> {
  return new Promise((resolve, reject) => {
    const child: ChildProcess = spawn(process.execPath, [script, ...args], {
      env: { ...process.env, ...options.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const events: Record<string, unknown>[] = [];
    let stderr = '';
    let pending = '';
    child.stdout?.on('data', (chunk: Buffer) => {
      pending += chunk.toString();
      const lines = pending.split('\n');
      pending = lines.pop() ?? '';
      for (const line of lines) {
        if (!line.startsWith('{')) continue;
        const event = JSON.parse(line) as Record<string, unknown>;
        events.push(event);
        if (options.killWhen?.(event)) child.kill('SIGKILL');
      }
    });
    child.stderr?.on('data', (chunk: Buffer) => {
      stderr += chunk.toString();
    });
    child.on('error', reject);
    child.on('close', (code, signal) => resolve({ events, code, signal, stderr }));
  });
}

/** The log without wall-clock throughput, the one field that may differ between two identical runs. */
async function curve(logDir: string) {
  const entries = parseMetricsLog(await readFile(join(logDir, 'metrics.jsonl'), 'utf8'));
  return entries.map(({ tokens_per_second: _, ...rest }) => rest);
}

function trainedSteps(result: Run): number[] {
  return result.events.filter((event) => event['event'] === 'step').map((event) => event['step'] as number);
}

describe('kill -9 and resume', () => {
  beforeAll(async () => {
    await rm(work, { recursive: true, force: true });
    await mkdir(work, { recursive: true });
    await build({
      entryPoints: [join(here, 'fixtures', 'kill-resume-run.ts')],
      outfile: script,
      bundle: true,
      platform: 'node',
      format: 'esm',
      target: 'node20',
      external: ['@tensorflow/*', '@bert/*', 'cli-progress', 'uplot'],
      logLevel: 'error',
    });
  });

  it('continues bit-for-bit from the last checkpoint after SIGKILL mid-run', async () => {
    const [full, killedDir, controlDir] = ['full', 'killed', 'control'].map((name) => join(work, name)) as [
      string,
      string,
      string,
    ];

    // 1. The uninterrupted run (default wasm threads).
    const reference = await run(['--logDir', full, '--maxSteps', '16']);
    expect(reference.code, reference.stderr).toBe(0);
    expect(trainedSteps(reference)).toEqual([...Array(16).keys()].map((index) => index + 1));
    const backend = (result: Run) => result.events.find((event) => event['event'] === 'backend')!;
    if (availableParallelism() > 1 && backend(reference)['name'] === 'wasm') {
      expect(backend(reference)['readyHelpers']).toBeGreaterThanOrEqual(1); // products split across ≥ 2 threads
    }

    // 2. The same run, killed with SIGKILL at step 10: checkpoint-8 exists, steps 9–10 are in metrics.jsonl only.
    const killed = await run(['--logDir', killedDir, '--maxSteps', '16'], {
      killWhen: (event) => event['step'] === 10,
    });
    expect(killed.signal).toBe('SIGKILL');
    expect(killed.events.some((event) => event['event'] === 'done')).toBe(false);
    expect(killed.events.filter((event) => event['event'] === 'checkpoint').map((event) => event['path'])).toEqual([
      join(killedDir, 'checkpoint-4'),
      join(killedDir, 'checkpoint-8'),
    ]);
    await cp(killedDir, controlDir, { recursive: true });

    // 3. Resume in a new process, on one wasm thread this time: it must start at step 9 and end where the reference did.
    const resumed = await run(['--logDir', killedDir, '--maxSteps', '16', '--resume'], {
      env: { BERT_WASM_THREADS: '1' },
    });
    expect(resumed.code, resumed.stderr).toBe(0);
    expect(backend(resumed)['threads']).toBe(1);
    expect(trainedSteps(resumed)).toEqual([9, 10, 11, 12, 13, 14, 15, 16]);
    const [expected, actual] = [await curve(full), await curve(killedDir)];
    expect(actual.map((entry) => entry.step)).toEqual(expected.map((entry) => entry.step));
    expect(actual).toEqual(expected); // loss, lr, grad_norm, accuracies, eval metrics: identical numbers
    for (const file of ['model.safetensors', 'optimizer.safetensors']) {
      const [left, right] = await Promise.all(
        [full, killedDir].map((dir) => readFile(join(dir, 'checkpoint-16', file))),
      );
      expect(Buffer.compare(left!, right!), file).toBe(0);
    }

    // 4. Negative control: the same resume without restoring the data RNG state diverges, so step 3 can fail.
    const control = await run(['--logDir', controlDir, '--maxSteps', '16', '--resume', '--no-rng-restore']);
    expect(control.code, control.stderr).toBe(0);
    const diverged = await curve(controlDir);
    expect(diverged.slice(0, 8)).toEqual(expected.slice(0, 8));
    expect(diverged.slice(8).map((entry) => entry['loss'])).not.toEqual(
      expected.slice(8).map((entry) => entry['loss']),
    );
  });
});
