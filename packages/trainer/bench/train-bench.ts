// npm run bench:train [-- --quick | --steps 10 --warmup 2 --stock-steps 3 --config a,b --backends wasm,wasm-threads]
// (or, after `npm run build`: npx vite-node bench/train-bench.ts …)
//
// ms per training step of @bert/model's BertForPreTraining with this package's own step (`trainStep`: forward,
// MLM + NSP loss, backward, global-norm clip, AdamW), on two configs — (a) the course's, (b) mini-like — and four
// engines: stock tfjs-backend-wasm (plus the one UnsortedSegmentSum fix training needs), wasm with all kernel fixes
// on 1 thread, the same with the GEMM helper threads, and tfjs-node when it loads. Then the same step in PyTorch
// (2 threads) as the anchor. Each row runs in a fresh process (train-bench-row.ts). Medians of `--steps` steps after
// `--warmup` steps; stock rows take 30–45 s per step, so they default to `--stock-steps 3`. `--quick`: 3 steps after
// 1 warm-up, stock rows 1 after 1 — a smoke test, not a measurement. Ends with one `bench:train …` line per config
// and backend. Runs this package's source (vite-node) on the built @bert/model; the root script builds first.
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import os from 'node:os';
import { join } from 'node:path';
import { parseArgs } from 'node:util';
import {
  BACKEND_ROWS,
  BENCH_CONFIGS,
  type BackendRow,
  type BenchConfig,
  describeConfig,
  type RowResult,
} from './bench-configs.js';

const here = import.meta.dirname;
const { values } = parseArgs({
  options: {
    config: { type: 'string', default: 'a,b' },
    backends: { type: 'string', default: [...BACKEND_ROWS, 'pytorch'].join(',') },
    steps: { type: 'string' },
    warmup: { type: 'string' },
    'stock-steps': { type: 'string' },
    'stock-warmup': { type: 'string' },
    threads: { type: 'string', default: String(Math.min(os.availableParallelism(), 4)) },
    'torch-threads': { type: 'string', default: '2' },
    quick: { type: 'boolean', default: false },
  },
});
const quick = values.quick === true;
const steps = Number(values.steps ?? (quick ? 3 : 10));
const warmup = Number(values.warmup ?? (quick ? 1 : 2));
const stockSteps = Number(values['stock-steps'] ?? (quick ? 1 : 3));
const stockWarmup = Number(values['stock-warmup'] ?? (quick ? 1 : warmup));
const threads = Number(values.threads);
const torchThreads = Number(values['torch-threads']);
const configs = values.config.split(',').map((name) => {
  const config = BENCH_CONFIGS[name as BenchConfig['name']];
  if (config === undefined) throw new Error(`--config: unknown config "${name}" (known: a, b)`);
  return config;
});
const backends = values.backends.split(',');
for (const name of backends) {
  if (name !== 'pytorch' && !BACKEND_ROWS.includes(name as BackendRow)) {
    throw new Error(`--backends: unknown backend "${name}" (known: ${[...BACKEND_ROWS, 'pytorch'].join(', ')})`);
  }
}

const load = () =>
  os
    .loadavg()
    .map((x) => x.toFixed(2))
    .join(' ');
const seconds = (ms: number) => (ms >= 10_000 ? `${(ms / 1000).toFixed(1)} s` : `${ms.toFixed(0)} ms`);
const megabytes = (bytes: number | undefined) => (bytes === undefined ? '?' : (bytes / 2 ** 20).toFixed(0));

/** The wasm thread setting of a row: BERT_WASM_THREADS, read by @bert/model when the backend starts. */
function wasmThreads(backend: BackendRow): number | undefined {
  if (backend === 'wasm-threads') return threads;
  if (backend === 'wasm' || backend === 'wasm-stock') return 1;
  return undefined;
}

function runRow(config: BenchConfig, backend: BackendRow): RowResult {
  const stock = backend === 'wasm-stock';
  const rowThreads = wasmThreads(backend);
  const args = [
    process.argv[1]!, // vite-node's CLI: the row runs under the same loader as this script
    join(here, 'train-bench-row.ts'),
    ...['--config', config.name, '--backend', backend],
    ...['--steps', String(stock ? stockSteps : steps), '--warmup', String(stock ? stockWarmup : warmup)],
  ];
  const env: NodeJS.ProcessEnv = { ...process.env };
  if (rowThreads !== undefined) env['BERT_WASM_THREADS'] = String(rowThreads);
  // The OpenBLAS accelerator (@bert/accelerate-blas) only in its own row, and there it must load.
  env['BERT_BLAS'] = backend === 'wasm+blas' ? '1' : '0';
  delete env['BERT_BACKEND']; // each row names its backend
  const child = spawnSync(process.execPath, args, { env, encoding: 'utf8', maxBuffer: 64 * 2 ** 20 });
  const line = child.stdout
    .split('\n')
    .reverse()
    .find((text) => text.startsWith('ROW '));
  if (child.status !== 0 || line === undefined) {
    const why = (child.stderr || child.error?.message || `exit ${child.status}`).trim().split('\n').slice(-3);
    return { config: config.name, backend, skipped: `row process failed: ${why.join(' | ')}` };
  }
  return JSON.parse(line.slice(4)) as RowResult;
}

interface TorchResult {
  readonly ms?: number;
  readonly times?: number[];
  readonly threads?: number;
  readonly version?: string;
  readonly blas?: string;
  readonly skipped?: string;
}

/** The first Python that imports torch: $PYTHON, `python3` on PATH, Debian's /usr/bin/python3. */
function findTorchPython(): { python?: string; tried: string[] } {
  const candidates = [...new Set([process.env['PYTHON'], 'python3', '/usr/bin/python3'].filter(Boolean))] as string[];
  for (const python of candidates) {
    if (spawnSync(python, ['-c', 'import torch'], { stdio: 'ignore' }).status === 0) return { python, tried: [] };
  }
  return { tried: candidates };
}

/**
 * Debian's torch uses OpenMP threads and calls whichever libopenblas.so.0 the alternatives system points at; when
 * that is the pthreads build (libopenblas-dev installs it) both thread pools fight over the cores and the step takes
 * 2× longer (measured: 1129 → 486 ms on config b). Point torch at the OpenMP build when it is installed.
 */
function torchEnv(): { env: NodeJS.ProcessEnv; note: string } {
  const multiarch = `${process.arch === 'arm64' ? 'aarch64' : 'x86_64'}-linux-gnu`;
  const openmp = `/usr/lib/${multiarch}/openblas-openmp`;
  if (!existsSync(join(openmp, 'libopenblas.so.0'))) return { env: process.env, note: '' };
  const path = [openmp, process.env['LD_LIBRARY_PATH']].filter(Boolean).join(':');
  return { env: { ...process.env, LD_LIBRARY_PATH: path }, note: ' (OpenMP build)' };
}

function runTorch(config: BenchConfig, python: string): TorchResult {
  const script = join(here, 'torch_train_step.py');
  const args = [script, '--config', config.name, '--threads', String(torchThreads)];
  const { env, note } = torchEnv();
  const child = spawnSync(python, [...args, '--steps', String(steps), '--warmup', String(warmup)], {
    encoding: 'utf8',
    env,
  });
  if (child.status !== 0) {
    return { skipped: `torch_train_step.py failed: ${(child.stderr || 'no output').trim().split('\n').at(-1)}` };
  }
  const result = JSON.parse(child.stdout.trim().split('\n').at(-1)!) as TorchResult;
  return { ...result, blas: `${result.blas}${note}` };
}

// --- header: machine, load, threads ---
const cpu = os.cpus()[0]?.model.trim() ?? 'unknown CPU';
console.log(`bench:train — BertForPreTraining, one trainStep (forward + MLM/NSP loss + backward + clip + AdamW)`);
console.log(
  `machine: ${os.availableParallelism()} cores, ${cpu}, ${(os.totalmem() / 2 ** 30).toFixed(0)} GB, ` +
    `node ${process.version} ${process.platform}-${process.arch}`,
);
console.log(`load average before (1/5/15 min): ${load()}`);
console.log(
  `threads: wasm-stock 1 (stock kernels), wasm BERT_WASM_THREADS=1, wasm-threads BERT_WASM_THREADS=${threads} ` +
    `(GEMM on the caller + ${threads - 1} helper${threads === 2 ? '' : 's'}; other wasm ops 1), ` +
    `wasm+blas OpenBLAS ${process.env['BERT_THREADS'] ?? os.availableParallelism()} (BERT_THREADS), pytorch ${torchThreads}`,
);
console.log(
  `steps: median of ${steps} after ${warmup} warm-up (stock rows: ${stockSteps} after ${stockWarmup})` +
    `${quick ? ' — QUICK MODE, not a measurement' : ''}`,
);

// --- rows ---
const results: { config: BenchConfig; row: RowResult | (TorchResult & { backend: 'pytorch' }); load: string }[] = [];
const torch = backends.includes('pytorch') ? findTorchPython() : undefined;
for (const config of configs) {
  console.log(`\n== config ${config.name} (${describeConfig(config)})`);
  for (const backend of backends) {
    const rowLoad = load();
    if (backend === 'pytorch') {
      const row =
        torch?.python === undefined
          ? { skipped: `torch is not importable (tried ${torch?.tried.join(', ')})` }
          : runTorch(config, torch.python);
      results.push({ config, row: { ...row, backend: 'pytorch' }, load: rowLoad });
      if (row.skipped !== undefined) console.log(`  pytorch       skipped: ${row.skipped}`);
      else {
        console.log(
          `  pytorch       ${seconds(row.ms!).padStart(8)}/step  torch ${row.version}, ${row.threads} threads, ` +
            `${row.blas} (${torch?.python}); steps ${row.times?.join(' ')} ms; load ${rowLoad}`,
        );
      }
      continue;
    }
    const row = runRow(config, backend as BackendRow);
    results.push({ config, row, load: rowLoad });
    if (row.skipped !== undefined) {
      console.log(`  ${backend.padEnd(13)} skipped: ${row.skipped}`);
      continue;
    }
    console.log(
      `  ${backend.padEnd(13)} ${seconds(row.msPerStep!).padStart(8)}/step  ${row.kernels}, ${row.threads} thread(s)` +
        `${backend === 'wasm-threads' ? ` (${row.helpersReady} helper ready)` : ''}; steps ${row.times?.join(' ')} ms; ` +
        `peak tensors ${megabytes(row.peakBytes)} MB (resting ${megabytes(row.restingBytes)} MB), ` +
        `wasm heap ${megabytes(row.heapBytes)} MB; loss ${row.loss?.toFixed(3)}; load ${rowLoad}`,
    );
  }
}

// --- table and machine-readable lines ---
const torchMs = (config: BenchConfig) =>
  results.find((r) => r.config === config && r.row.backend === 'pytorch' && r.row.skipped === undefined)?.row as
    | TorchResult
    | undefined;
const msOf = (row: RowResult | TorchResult) => ('msPerStep' in row ? row.msPerStep : (row as TorchResult).ms);

console.log(`\n${'config'.padEnd(8)}${'backend'.padEnd(14)}${'ms/step'.padStart(10)}${'× PyTorch'.padStart(11)}`);
for (const { config, row } of results) {
  const ms = msOf(row);
  const anchor = torchMs(config)?.ms;
  const ratio = ms !== undefined && anchor !== undefined ? `${(ms / anchor).toFixed(2)}×` : '—';
  console.log(
    `${config.name.padEnd(8)}${row.backend.padEnd(14)}${(ms === undefined ? 'skipped' : ms.toFixed(0)).padStart(10)}${ratio.padStart(11)}`,
  );
}
console.log(`\nload average after (1/5/15 min): ${load()}`);
for (const { config, row, load: rowLoad } of results) {
  const ms = msOf(row);
  const fields = [`bench:train config=${config.name} backend=${row.backend}`];
  if (ms === undefined) {
    fields.push('ms_per_step=NaN', `skipped=${JSON.stringify(row.skipped)}`);
  } else {
    fields.push(`ms_per_step=${ms.toFixed(1)}`);
    const anchor = torchMs(config)?.ms;
    if (anchor !== undefined && row.backend !== 'pytorch') fields.push(`ratio_vs_pytorch=${(ms / anchor).toFixed(2)}`);
    const measured = 'times' in row ? row.times?.length : undefined;
    fields.push(`steps=${measured}`, `threads=${row.threads}`);
    if ('peakBytes' in row) fields.push(`peak_tensor_mb=${megabytes(row.peakBytes)}`);
    if ('heapBytes' in row && row.heapBytes !== undefined) fields.push(`wasm_heap_mb=${megabytes(row.heapBytes)}`);
    fields.push(`load1=${rowLoad.split(' ')[0]}`);
  }
  console.log(fields.join(' '));
}
