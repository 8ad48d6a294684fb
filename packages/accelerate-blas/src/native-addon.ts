import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import path from 'node:path';
import { fileURLToPath } from 'node:url';

/** The compiled addon (src/native/bert-blas.cc); offsets are bytes into `heap`. */
export interface BlasAddon {
  /**
   * C[i] = act(op(A[i]) · op(B[i]) + bias) for i < batch, row-major, C contiguous [batch, m, n]. A[i] starts at
   * `a + (aIndex ? aIndex[i]·m·k·4 : i·aStride)`, likewise B[i]; bias is n floats at `bias`, or -1 for none.
   */
  gemm(
    heap: ArrayBuffer,
    transA: boolean,
    transB: boolean,
    m: number,
    n: number,
    k: number,
    batch: number,
    a: number,
    aStride: number,
    b: number,
    bStride: number,
    c: number,
    bias: number,
    activation: number,
    alpha: number,
    aIndex: Int32Array | null,
    bIndex: Int32Array | null,
  ): void;
  setThreads(threads: number): void;
  info(): { config: string; threads: number; cores: number; parallel: number };
}

/** Why the addon cannot be used, in one line, and the command that fixes it. */
export interface BlasUnavailable {
  readonly reason: string;
  readonly fix: string;
}

const APT_FIX = 'apt-get install -y g++ make python3 libopenblas-dev && npm run build -w @bert/accelerate-blas';

/** The package root: this file is src/native-addon.ts in the source tree and bundled into dist/index.js. */
const root = path.resolve(path.dirname(fileURLToPath(import.meta.url)), '..');
/** Where scripts/build-addon.mjs puts the addon (never build/Release: a failed rebuild must not leave a stale one). */
const ADDON_PATH = path.join(root, 'dist', 'native', 'bert_blas.node');

let loaded: BlasAddon | BlasUnavailable | undefined;

/** Loads the addon once; returns it, or why it cannot load (never throws). */
export function loadBlasAddon(): BlasAddon | BlasUnavailable {
  loaded ??= tryLoad();
  return loaded;
}

export function isAddon(value: BlasAddon | BlasUnavailable): value is BlasAddon {
  return typeof (value as BlasAddon).gemm === 'function';
}

function tryLoad(): BlasAddon | BlasUnavailable {
  const file = ADDON_PATH;
  if (!existsSync(file)) return notBuilt();
  try {
    const addon = createRequire(import.meta.url)(file) as BlasAddon;
    if (typeof addon.gemm !== 'function') return { reason: `${file} is not the bert_blas addon`, fix: APT_FIX };
    return addon;
  } catch (error) {
    const message = (error instanceof Error ? error.message : String(error)).split('\n')[0]!.trim();
    // dlopen failing on libopenblas.so.0 means the runtime library was removed after the build.
    if (/libopenblas/.test(message)) return { reason: `OpenBLAS runtime missing: ${message}`, fix: APT_FIX };
    return { reason: `the addon failed to load: ${message}`, fix: `${APT_FIX} (rebuild for node ${process.version})` };
  }
}

/** The build script's record of why it skipped the addon (dist/native/build-status.json). */
function notBuilt(): BlasUnavailable {
  const statusFile = path.join(root, 'dist', 'native', 'build-status.json');
  try {
    const status = JSON.parse(readFileSync(statusFile, 'utf8')) as { missing?: string; detail?: string };
    if (status.missing != null) {
      const detail = status.detail ? ` (${status.detail})` : '';
      return { reason: `native addon not built: missing ${status.missing}${detail}`, fix: APT_FIX };
    }
  } catch {
    // No status file: the build script never ran (npm 11 skips install scripts; the package was not built).
  }
  return { reason: 'native addon not built (its build script did not run)', fix: APT_FIX };
}
