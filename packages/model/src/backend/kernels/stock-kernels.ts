import * as tf from '@tensorflow/tfjs';

/** The stock wasm kernels that fixes replaced, by name (undefined: there was none). */
const stock = new Map<string, tf.KernelConfig | undefined>();

/** Records the stock kernel before a fix replaces it; later calls keep the first (true stock) entry. */
export function rememberStock(kernelName: string): void {
  if (!stock.has(kernelName)) stock.set(kernelName, tf.getKernel(kernelName, 'wasm'));
}

export function stockKernels(): ReadonlyMap<string, tf.KernelConfig | undefined> {
  return stock;
}

/** Runs the stock kernel: fixes delegate the cases they do not speed up (other dtypes, unusual layouts). */
export function callStock(kernelName: string, args: Parameters<tf.KernelFunc>[0]): ReturnType<tf.KernelFunc> {
  const config = stock.get(kernelName);
  if (config == null) throw new Error(`no stock wasm kernel ${kernelName} to fall back to`);
  return config.kernelFunc(args);
}
