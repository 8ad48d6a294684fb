import * as tf from '@tensorflow/tfjs';
import { batchMatMul } from './batch-mat-mul.js';
import { cast } from './cast.js';
import { DROPOUT_KERNEL, dropoutKernel } from './dropout-kernel.js';
import { COMPARE_KERNEL_NAMES, makeCompareKernel } from './compare-ops.js';
import { fusedMatMul } from './fused-mat-mul.js';
import { gatherV2 } from './gather.js';
import { identity } from './identity.js';
import { oneHot } from './one-hot.js';
import { makeReduceKernel, REDUCE_KERNEL_NAMES } from './reduce-ops.js';
import { rememberStock, stockKernels } from './stock-kernels.js';
import { makeUnaryKernel, UNARY_KERNEL_NAMES } from './unary-ops.js';
import { unsortedSegmentSum } from './unsorted-segment-sum.js';

/** A kernel this module adds to, or replaces in, the wasm backend. */
export interface WasmKernelFix {
  readonly kernelName: string;
  readonly kernelFunc: tf.KernelFunc;
}

/** Every fix, in registration order. */
export const WASM_KERNEL_FIXES: readonly WasmKernelFix[] = [
  { kernelName: tf.UnsortedSegmentSum, kernelFunc: unsortedSegmentSum },
  { kernelName: tf.BatchMatMul, kernelFunc: batchMatMul },
  { kernelName: tf._FusedMatMul, kernelFunc: fusedMatMul },
  ...COMPARE_KERNEL_NAMES.map((kernelName) => ({ kernelName, kernelFunc: makeCompareKernel(kernelName) })),
  ...REDUCE_KERNEL_NAMES.map((kernelName) => ({ kernelName, kernelFunc: makeReduceKernel(kernelName) })),
  ...UNARY_KERNEL_NAMES.map((kernelName) => ({ kernelName, kernelFunc: makeUnaryKernel(kernelName) })),
  { kernelName: tf.Identity, kernelFunc: identity },
  { kernelName: tf.Cast, kernelFunc: cast },
  { kernelName: DROPOUT_KERNEL, kernelFunc: dropoutKernel },
  { kernelName: tf.GatherV2, kernelFunc: gatherV2 },
  { kernelName: tf.OneHot, kernelFunc: oneHot },
];

/**
 * Registers the fixes for the 'wasm' backend (all, or those named) and returns their kernel names. Idempotent.
 * Fixes need no setup function (tfjs runs those only at backend initialization): they bind lazily.
 */
export function registerWasmKernelFixes(names?: readonly string[]): string[] {
  const chosen = WASM_KERNEL_FIXES.filter((fix) => names == null || names.includes(fix.kernelName));
  for (const fix of chosen) {
    rememberStock(fix.kernelName);
    const current = tf.getKernel(fix.kernelName, 'wasm');
    if (current?.kernelFunc === fix.kernelFunc) continue;
    if (current != null) tf.unregisterKernel(fix.kernelName, 'wasm');
    tf.registerKernel({ kernelName: fix.kernelName, backendName: 'wasm', kernelFunc: fix.kernelFunc });
  }
  return chosen.map((fix) => fix.kernelName);
}

/** Puts the stock wasm kernels back (for A/B benchmarks and parity tests); `registerWasmKernelFixes` undoes it. */
export function restoreStockWasmKernels(): void {
  for (const [kernelName, stock] of stockKernels()) {
    if (tf.getKernel(kernelName, 'wasm') != null) tf.unregisterKernel(kernelName, 'wasm');
    if (stock != null) tf.registerKernel(stock);
  }
}
