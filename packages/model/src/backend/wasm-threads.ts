import * as tf from '@tensorflow/tfjs';
import { wasmInternals } from './kernels/wasm-internals.js';
import { waitForGemmHelpers } from './kernels/wasm/bert-kernels.js';

export { setWasmGemmThreads, wasmGemmThreads } from './kernels/wasm/bert-kernels.js';

/**
 * Waits until the wasm matmul helper threads have booted (they start with the backend and take ~50 ms); returns
 * how many are ready. Training does not need this — products simply run single-threaded until then — but
 * benchmarks do, to measure the steady state.
 */
export async function waitForWasmThreads(timeoutMs = 5000): Promise<number> {
  if (tf.getBackend() !== 'wasm') return 0;
  return waitForGemmHelpers(wasmInternals(tf.backend()), timeoutMs);
}
