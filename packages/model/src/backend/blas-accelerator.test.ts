import * as tf from '@tensorflow/tfjs';
import { afterAll, afterEach, describe, expect, it, vi } from 'vitest';
import { describeBlas, disableBlasAccelerator, enableBlasAccelerator } from './blas-accelerator.js';
import { initBackend } from './init-backend.js';
import { batchMatMul } from './kernels/batch-mat-mul.js';
import { fusedMatMul } from './kernels/fused-mat-mul.js';
import { maxError, randomArray } from './kernels/test-utils.js';

/** Whether the optional package is installed and its addon built here (CI installs libopenblas-dev, so it is). */
async function blasLoads(): Promise<boolean> {
  try {
    const accelerator = (await import('@bert/accelerate-blas' as string)) as { blasStatus(): { available: boolean } };
    return accelerator.blasStatus().available;
  } catch {
    return false;
  }
}
const available = await blasLoads();

describe('BLAS accelerator switch (BERT_BLAS)', () => {
  afterEach(async () => {
    vi.unstubAllEnvs();
    await disableBlasAccelerator();
  });

  it('BERT_BLAS=0 leaves the pure-wasm matmul kernels in place, and they still compute', async () => {
    vi.stubEnv('BERT_BLAS', '0');
    const blas = await enableBlasAccelerator();
    expect(blas).toEqual({ active: false, reason: 'disabled by BERT_BLAS=0' });
    expect(describeBlas(blas)).toBe('off: disabled by BERT_BLAS=0');
    expect(tf.getKernel(tf.BatchMatMul, 'wasm')?.kernelFunc).toBe(batchMatMul);
    expect(tf.getKernel(tf._FusedMatMul, 'wasm')?.kernelFunc).toBe(fusedMatMul);
    const product = tf.matMul(tf.tensor2d([1, 2, 3, 4], [2, 2]), tf.tensor2d([5, 6, 7, 8], [2, 2]), false, true);
    expect([...product.dataSync()]).toEqual([17, 23, 39, 53]);
  });

  it('rejects a malformed BERT_BLAS or BERT_THREADS, quoting it, before initBackend loads anything', async () => {
    vi.stubEnv('BERT_BLAS', 'yes');
    await expect(enableBlasAccelerator()).rejects.toThrow("BERT_BLAS='yes' must be 0 (off) or 1 (required)");
    expect(() => initBackend()).toThrow(/BERT_BLAS='yes'/);
    vi.stubEnv('BERT_BLAS', '');
    for (const bad of ['0', 'two', '1.5', '-1']) {
      vi.stubEnv('BERT_THREADS', bad);
      expect(() => initBackend()).toThrow(`BERT_THREADS='${bad}' must be a positive integer`);
    }
  });

  it.skipIf(!available)('registers OpenBLAS kernels when the package loads, naming library and threads', async () => {
    vi.stubEnv('BERT_BLAS', '');
    vi.stubEnv('BERT_THREADS', '2');
    const blas = await enableBlasAccelerator();
    expect(blas).toMatchObject({ active: true, threads: 2, kernels: ['BatchMatMul', '_FusedMatMul'] });
    expect(describeBlas(blas)).toMatch(/^OpenBLAS \d+\.\d+\.\d+ \(\w+\), 2 threads: BatchMatMul, _FusedMatMul$/);
    expect(tf.getKernel(tf.BatchMatMul, 'wasm')?.kernelFunc).not.toBe(batchMatMul);
    await disableBlasAccelerator();
    expect(tf.getKernel(tf.BatchMatMul, 'wasm')?.kernelFunc).toBe(batchMatMul);
  });

  it.skipIf(available)(
    'without the addon: auto mode says why and how to fix it, BERT_BLAS=1 fails loudly',
    async () => {
      vi.stubEnv('BERT_BLAS', '');
      const blas = await enableBlasAccelerator();
      expect(blas.active).toBe(false);
      expect(describeBlas(blas)).toMatch(/^off: .*; fix: apt-get install -y .*libopenblas-dev/);
      vi.stubEnv('BERT_BLAS', '1');
      await expect(enableBlasAccelerator()).rejects.toThrow(/BERT_BLAS=1 but the BLAS accelerator cannot load/);
    },
  );
});

/** [a shape, b shape] before transposes; odd sizes (1, 7, 129), batches, and broadcasting both ways. */
const SHAPES: readonly [number[], number[]][] = [
  [
    [1, 1],
    [1, 1],
  ],
  [
    [7, 129],
    [129, 7],
  ],
  [
    [129, 1],
    [1, 129],
  ],
  [
    [3, 7, 33],
    [3, 33, 129],
  ],
  [
    [4, 30, 64],
    [64, 96],
  ], // a Dense layer's [B, T, H] · [H, out]: one tall product
  [
    [6, 7],
    [2, 7, 5],
  ], // a broadcasts
  [
    [2, 1, 9, 7],
    [1, 3, 7, 11],
  ], // both broadcast
  [
    [2, 12, 30, 64],
    [2, 12, 64, 30],
  ], // attention scores
];

describe.skipIf(!available)('OpenBLAS kernels against the pure-wasm kernels (max |Δ| ≤ 1e-4 relative)', () => {
  afterAll(async () => {
    await disableBlasAccelerator();
  });

  /** Runs `f` on the pure-wasm kernels, then on OpenBLAS's, and returns the relative error of the second. */
  async function compare(f: () => tf.Tensor): Promise<number> {
    const before = tf.memory().numTensors;
    await disableBlasAccelerator();
    const wasm = f();
    vi.stubEnv('BERT_BLAS', '1'); // vitest.setup.ts turns it off for this package's other tests
    await enableBlasAccelerator();
    vi.unstubAllEnvs();
    const blas = f();
    expect(blas.shape).toEqual(wasm.shape);
    const error = maxError(blas.dataSync(), wasm.dataSync());
    tf.dispose([wasm, blas]);
    expect(tf.memory().numTensors).toBe(before);
    return error;
  }

  SHAPES.forEach(([aDims, bDims], index) => {
    for (const transposeA of [false, true]) {
      for (const transposeB of [false, true]) {
        const swap = (dims: number[], on: boolean) => (on ? [...dims.slice(0, -2), dims.at(-1)!, dims.at(-2)!] : dims);
        const aShape = swap(aDims, transposeA);
        const bShape = swap(bDims, transposeB);
        it(`BatchMatMul [${aShape}]·[${bShape}] transposeA=${transposeA} transposeB=${transposeB}`, async () => {
          const size = (shape: number[]) => shape.reduce((x, y) => x * y, 1);
          const a = tf.tensor(randomArray(size(aShape), 10 + index), aShape);
          const b = tf.tensor(randomArray(size(bShape), 20 + index), bShape);
          expect(await compare(() => tf.matMul(a, b, transposeA, transposeB))).toBeLessThanOrEqual(1e-4);
          tf.dispose([a, b]);
        });
      }
    }
  });

  for (const activation of ['linear', 'relu', 'relu6', 'sigmoid', 'elu', 'leakyrelu', 'prelu'] as const) {
    for (const [transposeA, transposeB] of [
      [false, false],
      [true, true],
    ]) {
      it(`_FusedMatMul + bias + ${activation}, transposeA=${transposeA} transposeB=${transposeB}`, async () => {
        const [m, k, n] = [129, 7, 33];
        const a = tf.mul(tf.tensor(randomArray(m * k, 1), transposeA ? [k, m] : [m, k]), 3) as tf.Tensor2D;
        const b = tf.tensor(randomArray(k * n, 2), transposeB ? [n, k] : [k, n]) as tf.Tensor2D;
        const bias = tf.tensor(randomArray(n, 3), [n]);
        const alpha = tf.tensor(randomArray(n, 4), [n]);
        const fused = () =>
          tf.fused.matMul({
            a,
            b,
            transposeA,
            transposeB,
            bias,
            activation,
            ...(activation === 'prelu' ? { preluActivationWeights: alpha } : {}),
          });
        expect(await compare(fused)).toBeLessThanOrEqual(1e-4);
        tf.dispose([a, b, bias, alpha]);
      });
    }
  }

  it('_FusedMatMul on [B, T, H] with a broadcast [T, 1] bias falls back to the pure-wasm kernel', async () => {
    const a = tf.tensor(randomArray(2 * 5 * 8, 5), [2, 5, 8]) as tf.Tensor3D;
    const b = tf.tensor(randomArray(8 * 3, 6), [8, 3]) as tf.Tensor2D;
    const bias = tf.tensor(randomArray(5, 7), [5, 1]);
    expect(await compare(() => tf.fused.matMul({ a, b, bias }))).toBeLessThanOrEqual(1e-4);
    tf.dispose([a, b, bias]);
  });
});
