// GFLOP/s of the matmul shapes of the two training configs on wasm, stock kernels vs fixed, then ms/step of the
// BERT-like profiling step (stock vs fixed), then PyTorch on the same steps if python3 + torch are installed.
// Usage: node bench/kernels-bench.mjs [--config mini|course|all] [--threads N] [--skip-step] [--skip-stock-step]
//        [--skip-torch] [--reps N]
// Timings are wall-clock best-of-N (matmuls) and medians (steps); the load average is printed because other
// processes on a 2-core machine change every number here.
import { spawnSync } from 'node:child_process';
import os from 'node:os';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { initBackend, waitForWasmThreads } from '../dist/index.js';
import { CONFIGS, createBertStep } from './bert-step.mjs';
import { flopsOf, matmulShapes } from './matmul-shapes.mjs';
import { timeSteps, useStage } from './profile-step.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] != null ? args[at + 1] : fallback;
};
const configNames = option('config', 'all') === 'all' ? Object.keys(CONFIGS) : [option('config')];
const reps = Number(option('reps', '5'));
const here = path.dirname(fileURLToPath(import.meta.url));

/** Best-of-`reps` ms of one product (after a warm-up), with inputs created once. */
function timeProduct(shape, stage) {
  useStage(stage);
  const a = tf.randomNormal(shape.a);
  const b = tf.randomNormal(shape.b);
  const run = () => tf.matMul(a, b, shape.tA, shape.tB).dispose();
  run();
  // The stock naive loop can take seconds per call: measure it fewer times.
  const count = stage === 'stock' ? Math.max(1, Math.min(reps, 2)) : reps;
  let best = Number.POSITIVE_INFINITY;
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    run();
    best = Math.min(best, performance.now() - start);
  }
  tf.dispose([a, b]);
  return best;
}

function matmulTable(config) {
  console.log(
    `  ${'shape'.padEnd(44)} ${'tA tB'.padEnd(6)} ${'calls'.padStart(5)} ${'stock'.padStart(8)} ${'fixed'.padStart(8)}  GFLOP/s  speed-up`,
  );
  let stockTotal = 0;
  let fixedTotal = 0;
  for (const shape of matmulShapes(config)) {
    const flops = flopsOf(shape);
    const stock = timeProduct(shape, 'stock');
    const fixed = timeProduct(shape, 'fixed');
    stockTotal += stock * shape.count;
    fixedTotal += fixed * shape.count;
    const rate = (ms) => (flops / ms / 1e6).toFixed(1).padStart(8);
    const flags = `${shape.tA ? 'T' : '-'}  ${shape.tB ? 'T' : '-'}`;
    console.log(
      `  ${shape.name.padEnd(44)} ${flags.padEnd(6)} ${String(shape.count).padStart(5)} ${rate(stock)} ${rate(fixed)}  ${(stock / fixed).toFixed(1).padStart(8)}×`,
    );
  }
  console.log(`  matmul time per step: stock ${stockTotal.toFixed(0)} ms, fixed ${fixedTotal.toFixed(0)} ms`);
}

function torchStep(name, threads) {
  const script = path.join(here, 'torch_step.py');
  const args = [script, '--config', name, '--threads', String(threads)];
  const result = spawnSync(process.env.PYTHON ?? '/usr/bin/python3', args, { encoding: 'utf8' });
  if (result.status !== 0)
    return { error: (result.stderr || result.error?.message || 'failed').trim().split('\n').at(-1) };
  return JSON.parse(result.stdout.trim().split('\n').at(-1));
}

async function main() {
  const threads = Number(option('threads', String(os.availableParallelism())));
  const info = await initBackend({ prefer: 'wasm', wasmThreads: threads });
  const ready = await waitForWasmThreads();
  console.log(
    `backend ${info.name}, simd ${info.simd}, matmul threads ${info.threads} (${ready} helpers ready), node ${process.version}`,
  );
  console.log(
    `load average at start: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} on ${os.availableParallelism()} cores`,
  );
  for (const name of configNames) {
    const config = CONFIGS[name];
    console.log(`\n== ${name}: ${JSON.stringify(config)}`);
    matmulTable(config);
    if (args.includes('--skip-step')) continue;
    const step = {};
    const stepStages = ['stock', 'fixed', 'fixed+dropout'].filter(
      (s) => s !== 'stock' || !args.includes('--skip-stock-step'),
    );
    for (const stage of stepStages) {
      const runner = createBertStep(config, useStage(stage));
      step[stage] = timeSteps(runner, stage === 'stock' ? 1 : 5);
      runner.dispose();
      console.log(`  step [${stage}]: ${step[stage].toFixed(0)} ms`);
    }
    if (step.stock != null) {
      console.log(
        `  step speed-up: ${(step.stock / step.fixed).toFixed(1)}× (kernels), ${(step.stock / step['fixed+dropout']).toFixed(1)}× (+ dropout)`,
      );
    }
    if (!args.includes('--skip-torch')) {
      const torch = torchStep(name, threads);
      if (torch.error != null) console.log(`  PyTorch: skipped (${torch.error})`);
      else {
        console.log(
          `  PyTorch ${torch.version} (${torch.threads} threads, ${torch.blas}): ${torch.ms.toFixed(0)} ms/step`,
        );
        const ratio = (stage) => (step[stage] / torch.ms).toFixed(1);
        console.log(`  wasm / PyTorch: ${ratio('fixed')}× (kernels), ${ratio('fixed+dropout')}× (+ dropout)`);
      }
    }
  }
  useStage('fixed');
  console.log(
    `\nload average at end: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')}`,
  );
}

await main();
