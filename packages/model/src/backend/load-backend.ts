import { createRequire } from 'node:module';
import os from 'node:os';
import path from 'node:path';
import { pathToFileURL } from 'node:url';
import { firstLine } from '@bert/core';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths, version_wasm } from '@tensorflow/tfjs-backend-wasm';
import { wasmGemmThreads } from './kernels/wasm/bert-kernels.js';
import type { BackendName } from './types.js';

/** The facts about a backend that loaded; `initBackend` adds the selection reason. */
export interface LoadedBackend {
  readonly simd: boolean;
  readonly threads: number;
  readonly versions: Readonly<Record<string, string>>;
}

const NATIVE_PACKAGES = {
  'tensorflow-gpu': '@tensorflow/tfjs-node-gpu',
  tensorflow: '@tensorflow/tfjs-node',
} as const;

/**
 * Loads one backend and makes it current, or throws an Error whose message is the one-line skip reason.
 * tfjs-node(-gpu) are resolved at run time from the caller's tree: they are the apps' optional dependencies,
 * never ours, because their install step downloads libtensorflow and fails on offline machines.
 */
export async function loadBackend(name: BackendName): Promise<LoadedBackend> {
  switch (name) {
    case 'tensorflow-gpu':
    case 'tensorflow':
      return loadNative(name);
    case 'wasm':
      return loadWasm();
    case 'cpu':
      await activate('cpu');
      return { simd: false, threads: 1, versions: tfVersions() };
  }
}

async function loadNative(name: 'tensorflow-gpu' | 'tensorflow'): Promise<LoadedBackend> {
  const pkg = NATIVE_PACKAGES[name];
  let module: { version?: Record<string, string> };
  try {
    module = (await importFromCaller(pkg)) as typeof module;
  } catch (error) {
    throw new Error(describeImportError(pkg, error));
  }
  // Both packages register a backend named 'tensorflow'. If it is missing from *our* engine, the package
  // bound itself to another copy of @tensorflow/tfjs-core, and its tensors would not train with ours.
  if (tf.findBackendFactory('tensorflow') == null) {
    throw new Error(`${pkg} loaded but registered no 'tensorflow' backend here (a second @tensorflow/tfjs-core?)`);
  }
  await activate('tensorflow');
  const nativeVersion = module.version?.['tfjs-node'] ?? packageVersion(pkg);
  return {
    simd: false,
    threads: os.availableParallelism(),
    versions: { ...tfVersions(), [pkg.replace('@tensorflow/', '')]: nativeVersion ?? 'unknown' },
  };
}

async function loadWasm(): Promise<LoadedBackend> {
  if (tf.findBackend('wasm') == null) {
    // Node cannot fetch() file paths, so point the loader at the .wasm files shipped in the package's dist.
    const require = createRequire(import.meta.url);
    const dist = path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm'));
    setWasmPaths(dist + path.sep);
  }
  await activate('wasm');
  const simd = (await tf.env().getAsync('WASM_HAS_SIMD_SUPPORT')) === true;
  return { simd, threads: wasmGemmThreads(), versions: { ...tfVersions(), 'tfjs-backend-wasm': version_wasm } };
}

async function activate(name: string): Promise<void> {
  let ok = false;
  try {
    ok = await tf.setBackend(name);
  } catch (error) {
    throw new Error(`backend '${name}' failed to initialize: ${firstLine(error)}`);
  }
  if (!ok || tf.getBackend() !== name) throw new Error(`backend '${name}' failed to initialize`);
  await tf.ready();
}

/** Imports a package as seen from this module, else as seen from the working directory (the app). */
async function importFromCaller(pkg: string): Promise<unknown> {
  try {
    return await import(pkg);
  } catch (error) {
    if (!isNotFound(error)) throw error;
    const fromCwd = createRequire(path.join(process.cwd(), 'noop.js'));
    return import(pathToFileURL(fromCwd.resolve(pkg)).href);
  }
}

function describeImportError(pkg: string, error: unknown): string {
  if (isNotFound(error)) return `${pkg} is not installed`;
  return `${pkg} failed to load: ${firstLine(error)}`;
}

function isNotFound(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND';
}

function packageVersion(pkg: string): string | undefined {
  try {
    const require = createRequire(path.join(process.cwd(), 'noop.js'));
    return (require(`${pkg}/package.json`) as { version?: string }).version;
  } catch {
    return undefined;
  }
}

function tfVersions(): Record<string, string> {
  return { ...(tf.version as Record<string, string>) };
}
