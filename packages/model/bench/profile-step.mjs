// Profiles one BERT-like training step per kernel on wasm: stock kernels (plus the UnsortedSegmentSum without which
// training cannot run) versus all fixes. Prints ms/step and the top-10 kernels by time.
// Usage: node bench/profile-step.mjs [--config mini|course|all] [--stage stock|fixed|all] [--steps N] [--top N]
//        [--threads N]
import * as tf from '@tensorflow/tfjs';
import os from 'node:os';
import { initBackend, registerWasmKernelFixes, restoreStockWasmKernels, waitForWasmThreads } from '../dist/index.js';
import { CONFIGS, createBertStep, stepFlops } from './bert-step.mjs';

const args = process.argv.slice(2);
const option = (name, fallback) => {
  const at = args.indexOf(`--${name}`);
  return at >= 0 && args[at + 1] != null ? args[at + 1] : fallback;
};
const configNames = option('config', 'all') === 'all' ? Object.keys(CONFIGS) : [option('config')];
const stages = option('stage', 'all') === 'all' ? ['stock', 'fixed', 'fixed+dropout'] : [option('stage')];
const steps = Number(option('steps', '3'));
const top = Number(option('top', '10'));

/**
 * Kernel sets per stage: 'stock' still needs UnsortedSegmentSum, or the gather gradient throws; 'fixed' has every
 * kernel fix; 'fixed+dropout' also swaps tf.dropout for @bert/model's `fastDropout` (a model-side change).
 */
export function useStage(stage) {
  restoreStockWasmKernels();
  if (stage === 'stock') registerWasmKernelFixes([tf.UnsortedSegmentSum]);
  else registerWasmKernelFixes();
  return { wasmDropout: stage === 'fixed+dropout' };
}

/** Median ms of `steps` steps after one warm-up step. */
export function timeSteps(runner, count) {
  runner.step();
  const times = [];
  for (let i = 0; i < count; i++) {
    const start = performance.now();
    runner.step();
    times.push(performance.now() - start);
  }
  times.sort((a, b) => a - b);
  return times[Math.floor(times.length / 2)];
}

/** Per-kernel totals of one profiled step, sorted by time. */
export async function profileStep(runner) {
  const profile = await tf.profile(() => {
    runner.step();
  });
  const byKernel = new Map();
  for (const kernel of profile.kernels) {
    // `fusedMatMul__op`-style entries are customGrad wrappers around kernels already listed: skip, or time counts twice.
    if (kernel.name.endsWith('__op')) continue;
    const ms = typeof kernel.kernelTimeMs === 'number' ? kernel.kernelTimeMs : 0;
    const entry = byKernel.get(kernel.name) ?? { name: kernel.name, ms: 0, calls: 0 };
    entry.ms += ms;
    entry.calls += 1;
    byKernel.set(kernel.name, entry);
  }
  return [...byKernel.values()].sort((a, b) => b.ms - a.ms);
}

function printTop(rows, limit) {
  const total = rows.reduce((sum, row) => sum + row.ms, 0);
  console.log(`    ${'kernel'.padEnd(22)} ${'ms'.padStart(9)} ${'share'.padStart(6)} ${'calls'.padStart(6)}`);
  for (const row of rows.slice(0, limit)) {
    const share = ((100 * row.ms) / total).toFixed(1);
    console.log(
      `    ${row.name.padEnd(22)} ${row.ms.toFixed(1).padStart(9)} ${share.padStart(5)}% ${String(row.calls).padStart(6)}`,
    );
  }
  console.log(`    ${'(all kernels)'.padEnd(22)} ${total.toFixed(1).padStart(9)}`);
}

async function main() {
  const info = await initBackend({
    prefer: 'wasm',
    wasmThreads: Number(option('threads', String(os.availableParallelism()))),
  });
  const ready = await waitForWasmThreads();
  console.log(`backend ${info.name}, simd ${info.simd}, matmul threads ${info.threads} (${ready} helpers ready)`);
  console.log(
    `load average: ${os
      .loadavg()
      .map((x) => x.toFixed(2))
      .join(' ')} on ${os.availableParallelism()} cores`,
  );
  for (const name of configNames) {
    const config = CONFIGS[name];
    console.log(
      `\n== ${name}: ${JSON.stringify(config)}  (${(stepFlops(config) / 1e9).toFixed(1)} GFLOP of matmul per step)`,
    );
    for (const stage of stages) {
      const runner = createBertStep(config, useStage(stage));
      const count = stage === 'stock' ? Math.min(steps, 1) : steps;
      const ms = timeSteps(runner, count);
      console.log(`  [${stage}] ${ms.toFixed(0)} ms/step (median of ${count}), loss ${runner.step().toFixed(4)}`);
      printTop(await profileStep(runner), top);
      runner.dispose();
    }
  }
  registerWasmKernelFixes();
}

if (import.meta.url === `file://${process.argv[1]}`) await main();
