// GFLOP/s of the matmul shapes of the two training configs on wasm, stock kernels vs fixed, then ms/step of the
// BERT-like profiling step (stock vs fixed), then PyTorch on the same steps if python3 + torch are installed.
// Usage: node bench/kernels-bench.mjs [--config mini|course|all] [--skip-stock-step] [--skip-torch] [--reps N]
import { spawnSync } from 'node:child_process';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../dist/index.js';
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
  console.log(`  ${'shape'.padEnd(44)} ${'tA tB'.padEnd(6)} ${'calls'.padStart(5)} ${'stock'.padStart(8)} ${'fixed'.padStart(8)}  GFLOP/s  speed-up`);
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

function torchStep(name) {
  const script = path.join(here, 'torch_step.py');
  const result = spawnSync('/usr/bin/python3', [script, '--config', name, '--threads', '2'], { encoding: 'utf8' });
  if (result.status !== 0) return { error: (result.stderr || result.error?.message || 'failed').trim().split('\n').at(-1) };
  return JSON.parse(result.stdout.trim().split('\n').at(-1));
}

async function main() {
  const info = await initBackend({ prefer: 'wasm' });
  console.log(`backend ${info.name}, simd ${info.simd}, threads ${info.threads}, node ${process.version}`);
  for (const name of configNames) {
    const config = CONFIGS[name];
    console.log(`\n== ${name}: ${JSON.stringify(config)}`);
    matmulTable(config);
    if (args.includes('--skip-step')) continue;
    const step = {};
    for (const stage of args.includes('--skip-stock-step') ? ['fixed'] : ['stock', 'fixed']) {
      useStage(stage);
      const runner = createBertStep(config);
      step[stage] = timeSteps(runner, stage === 'stock' ? 1 : 5);
      runner.dispose();
      console.log(`  step [${stage}]: ${step[stage].toFixed(0)} ms`);
    }
    if (step.stock != null) console.log(`  step speed-up: ${(step.stock / step.fixed).toFixed(1)}×`);
    if (!args.includes('--skip-torch')) {
      const torch = torchStep(name);
      if (torch.error != null) console.log(`  PyTorch: skipped (${torch.error})`);
      else {
        console.log(`  PyTorch ${torch.version} (${torch.threads} threads, ${torch.blas}): ${torch.ms.toFixed(0)} ms/step`);
        console.log(`  wasm fixed / PyTorch: ${(step.fixed / torch.ms).toFixed(1)}×`);
      }
    }
  }
  useStage('fixed');
}

await main();
