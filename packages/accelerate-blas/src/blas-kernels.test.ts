import { createRequire } from 'node:module';
import path from 'node:path';
import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isAddon, loadBlasAddon } from './native-addon.js';
import { registerBlasKernels, unregisterBlasKernels } from './register-blas-kernels.js';

/** mulberry32: seeded, so a failing case can be replayed. */
function rng(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

function randomTensor(shape: number[], next: () => number): tf.Tensor {
  const size = shape.reduce((x, y) => x * y, 1);
  return tf.tensor(
    Float32Array.from({ length: size }, () => next() * 2 - 1),
    shape,
  );
}

/** max |Δ| divided by the largest |expected| (at least 1): the relative error of a product. */
function relativeError(actual: tf.Tensor, expected: tf.Tensor): number {
  const a = actual.dataSync();
  const e = expected.dataSync();
  let delta = 0;
  let scale = 1;
  for (let i = 0; i < e.length; i++) {
    delta = Math.max(delta, Math.abs(a[i]! - e[i]!));
    scale = Math.max(scale, Math.abs(e[i]!));
  }
  return delta / scale;
}

/**
 * Runs `f` on tfjs's pure-JS cpu backend (the reference: an independent implementation), then on wasm with our
 * kernels. `f` builds its inputs from arrays, so each backend gets its own copies.
 */
async function referenceAndBlas(f: () => tf.Tensor): Promise<[tf.Tensor, tf.Tensor]> {
  await tf.setBackend('cpu');
  const reference = f();
  const values = reference.dataSync().slice();
  const shape = reference.shape;
  reference.dispose();
  await tf.setBackend('wasm');
  registerBlasKernels();
  return [tf.tensor(values, shape), f()];
}

/** Random values for a shape, kept as an array so every backend builds the same tensor. */
function randomValues(shape: number[], next: () => number, scale = 1): { values: Float32Array; shape: number[] } {
  const size = shape.reduce((x, y) => x * y, 1);
  return { values: Float32Array.from({ length: size }, () => (next() * 2 - 1) * scale), shape };
}
/**
 * `a · b` in float64 with numpy batch broadcasting: a plain loop, the independent reference for products (tfjs's
 * cpu backend returns half the batches when both operands broadcast, e.g. [2, 1, m, k]·[1, 3, k, n]).
 */
function referenceMatMul(
  a: { values: Float32Array; shape: number[] },
  b: { values: Float32Array; shape: number[] },
  tA: boolean,
  tB: boolean,
): tf.Tensor {
  const [aBatch, bBatch] = [a.shape.slice(0, -2), b.shape.slice(0, -2)];
  const rank = Math.max(aBatch.length, bBatch.length);
  const pad = (dims: number[]) => [...Array<number>(rank - dims.length).fill(1), ...dims];
  const [aDims, bDims] = [pad(aBatch), pad(bBatch)];
  const outBatch = aDims.map((dim, axis) => Math.max(dim, bDims[axis]!));
  const [ar, ac] = a.shape.slice(-2) as [number, number];
  const [br, bc] = b.shape.slice(-2) as [number, number];
  const [m, k, n] = [tA ? ac : ar, tA ? ar : ac, tB ? br : bc];
  const batches = outBatch.reduce((x, y) => x * y, 1);
  const out = new Float32Array(batches * m * n);
  for (let flat = 0; flat < batches; flat++) {
    let [rest, aIndex, bIndex, aStride, bStride] = [flat, 0, 0, 1, 1];
    for (let axis = rank - 1; axis >= 0; axis--) {
      const coordinate = rest % outBatch[axis]!;
      rest = Math.floor(rest / outBatch[axis]!);
      aIndex += (aDims[axis] === 1 ? 0 : coordinate) * aStride;
      bIndex += (bDims[axis] === 1 ? 0 : coordinate) * bStride;
      aStride *= aDims[axis]!;
      bStride *= bDims[axis]!;
    }
    for (let i = 0; i < m; i++) {
      for (let j = 0; j < n; j++) {
        let sum = 0;
        for (let p = 0; p < k; p++) {
          const x = a.values[aIndex * m * k + (tA ? p * m + i : i * k + p)]!;
          const y = b.values[bIndex * k * n + (tB ? j * k + p : p * n + j)]!;
          sum += x * y;
        }
        out[(flat * m + i) * n + j] = sum;
      }
    }
  }
  return tf.tensor(out, [...outBatch, m, n]);
}

const toTensor = ({ values, shape }: { values: Float32Array; shape: number[] }) => tf.tensor(values, shape);

const available = isAddon(loadBlasAddon());

describe.skipIf(!available)('OpenBLAS BatchMatMul and _FusedMatMul against independent references', () => {
  beforeAll(async () => {
    const dist = path.dirname(createRequire(import.meta.url).resolve('@tensorflow/tfjs-backend-wasm'));
    setWasmPaths(dist + path.sep);
    await tf.setBackend('wasm');
  });
  afterAll(() => unregisterBlasKernels());

  it('registers both kernels on wasm and reports OpenBLAS', () => {
    const blas = registerBlasKernels({ threads: 2 });
    expect(blas.kernels).toEqual(['BatchMatMul', '_FusedMatMul']);
    expect(blas.threads).toBe(2);
    expect(blas.library).toMatch(/^OpenBLAS \d+\.\d+\.\d+ \((pthreads|OpenMP|sequential)\)$/);
  });

  // Odd sizes (1, 7, 129) and random ones; batch dims: none, equal, broadcast either way, broadcast both ways.
  const SIZES = [1, 7, 129];
  const BATCHES: [number[], number[]][] = [
    [[], []],
    [[3], [3]],
    [[4], []],
    [[], [2]],
    [
      [2, 1],
      [1, 3],
    ],
    [
      [1, 5],
      [2, 1],
    ],
  ];
  const next = rng(7);
  const pick = (values: readonly number[]) => values[Math.floor(next() * values.length)]!;
  const cases = BATCHES.flatMap(([aBatch, bBatch], index) =>
    [false, true].flatMap((tA) =>
      [false, true].map((tB) => {
        const odd = (index + Number(tA) * 2 + Number(tB)) % 2 === 0;
        const [m, k, n] = odd
          ? [pick(SIZES), pick(SIZES), pick(SIZES)]
          : [1, 2, 3].map(() => 1 + Math.floor(next() * 70));
        return { aBatch, bBatch, tA, tB, m: m!, k: k!, n: n! };
      }),
    ),
  );

  for (const { aBatch, bBatch, tA, tB, m, k, n } of cases) {
    const aShape = [...aBatch, ...(tA ? [k, m] : [m, k])];
    const bShape = [...bBatch, ...(tB ? [n, k] : [k, n])];
    it(`matMul [${aShape}]·[${bShape}] transposeA=${tA} transposeB=${tB}`, async () => {
      const values = rng(m * 1000 + k * 10 + n);
      const a = randomValues(aShape, values);
      const b = randomValues(bShape, values);
      registerBlasKernels();
      const reference = referenceMatMul(a, b, tA, tB);
      const before = tf.memory().numTensors;
      const blas = tf.tidy(() => tf.matMul(toTensor(a), toTensor(b), tA, tB));
      expect(blas.shape).toEqual(reference.shape);
      expect(relativeError(blas, reference)).toBeLessThanOrEqual(1e-4);
      tf.dispose([reference, blas]);
      expect(tf.memory().numTensors).toBe(before - 1);
    });
  }

  const ACTIVATIONS = ['linear', 'relu', 'relu6', 'sigmoid', 'elu', 'leakyrelu', 'prelu'] as const;
  for (const [index, activation] of ACTIVATIONS.entries()) {
    const tA = index % 2 === 1;
    const tB = index % 3 !== 0;
    const [m, k, n] = index < 3 ? [129, 7, 1 + index * 64] : [7 + index, 129, 33];
    it(`fused matMul + bias + ${activation}, transposeA=${tA} transposeB=${tB}, [${m}, ${k}]·[${k}, ${n}]`, async () => {
      const values = rng(100 + index);
      // Scaled so that relu6 and elu see values on both sides of their kinks.
      const a = randomValues(tA ? [k, m] : [m, k], values, 4);
      const b = randomValues(tB ? [n, k] : [k, n], values);
      const bias = randomValues(index % 2 === 0 ? [n] : [1, n], values);
      const alpha = randomValues([n], values);
      const [reference, blas] = await referenceAndBlas(() =>
        tf.tidy(() =>
          tf.fused.matMul({
            a: toTensor(a) as tf.Tensor2D,
            b: toTensor(b) as tf.Tensor2D,
            transposeA: tA,
            transposeB: tB,
            bias: toTensor(bias),
            activation,
            ...(activation === 'prelu' ? { preluActivationWeights: toTensor(alpha) } : {}),
            leakyreluAlpha: 0.1,
          }),
        ),
      );
      expect(relativeError(blas, reference)).toBeLessThanOrEqual(1e-4);
      tf.dispose([reference, blas]);
    });
  }

  it('fused matMul over a batch that b is shared by (one tall product), with and without bias', async () => {
    const values = rng(5);
    const a = randomValues([3, 9, 20], values);
    const b = randomValues([20, 11], values);
    const bias = randomValues([11], values);
    for (const withBias of [false, true]) {
      const [reference, blas] = await referenceAndBlas(() =>
        tf.tidy(() =>
          tf.fused.matMul({
            a: toTensor(a) as tf.Tensor3D,
            b: toTensor(b) as tf.Tensor2D,
            ...(withBias ? { bias: toTensor(bias), activation: 'relu' as const } : {}),
          }),
        ),
      );
      expect(relativeError(blas, reference)).toBeLessThanOrEqual(1e-4);
      tf.dispose([reference, blas]);
    }
  });

  it('gradients of a matMul (transposed products) match the reference', async () => {
    const values = rng(11);
    const a = randomValues([2, 30, 64], values);
    const b = randomValues([2, 30, 64], values);
    const grads = (index: number) => () =>
      tf.tidy(() => {
        const f = (x: tf.Tensor, y: tf.Tensor) => tf.sum(tf.square(tf.matMul(x, y, false, true)));
        return tf.grads(f)([toTensor(a), toTensor(b)])[index]!;
      });
    for (const index of [0, 1]) {
      const [reference, blas] = await referenceAndBlas(grads(index));
      expect(relativeError(blas, reference)).toBeLessThanOrEqual(1e-4);
      tf.dispose([reference, blas]);
    }
  });

  it('still reads the heap after it grew (views are re-created per call)', () => {
    registerBlasKernels();
    const values = rng(3);
    const a = randomTensor([64, 48], values);
    const b = randomTensor([48, 32], values);
    const heap = () => (tf.backend() as unknown as { wasm: { HEAPU8: Uint8Array } }).wasm.HEAPU8.buffer;
    const before = heap();
    // 64 MB more than the heap has: forces memory.grow, which detaches the old ArrayBuffer.
    const filler = tf.zeros([before.byteLength / 4 + (16 << 20)]);
    expect(heap()).not.toBe(before);
    expect(before.byteLength).toBe(0);
    unregisterBlasKernels();
    const stock = tf.matMul(a, b); // the stock kernel is right for plain products
    registerBlasKernels();
    const blas = tf.matMul(a, b);
    expect(relativeError(blas, stock)).toBeLessThanOrEqual(1e-4);
    tf.dispose([a, b, filler, stock, blas]);
  });
});

describe.skipIf(!available)('the addon rejects bad calls instead of touching memory it was not given', () => {
  const addon = loadBlasAddon();
  const heap = new ArrayBuffer(1024);
  const call = (overrides: Partial<Record<'m' | 'a' | 'c' | 'bias' | 'activation', number>>) => () => {
    if (!isAddon(addon)) throw new Error('unreachable');
    const { m = 2, a = 0, c = 512, bias = -1, activation = 0 } = overrides;
    addon.gemm(heap, false, false, m, 2, 2, 1, a, 16, 64, 16, c, bias, activation, 0, null, null);
  };

  it('computes a 2×2 product in a plain ArrayBuffer', () => {
    const f = new Float32Array(heap);
    f.set([1, 2, 3, 4], 0);
    f.set([5, 6, 7, 8], 16);
    call({})();
    expect([...f.subarray(128, 132)]).toEqual([19, 22, 43, 50]);
  });

  it('throws RangeError for operands outside the heap, misaligned offsets and unknown activations', () => {
    expect(call({ c: 1020 })).toThrow(RangeError);
    expect(call({ a: -4 })).toThrow(RangeError);
    expect(call({ m: 1000 })).toThrow(/outside the heap/);
    expect(call({ a: 2 })).toThrow(/outside the heap/);
    expect(call({ bias: 1020 })).toThrow(/outside the heap/);
    expect(call({ activation: 9 })).toThrow(/bad gemm geometry/);
  });

  it('throws TypeError for a detached or shared heap and non-integer sizes', () => {
    if (!isAddon(addon)) throw new Error('unreachable');
    const detached = new ArrayBuffer(64);
    structuredClone(detached, { transfer: [detached] });
    expect(() => addon.gemm(detached, false, false, 1, 1, 1, 1, 0, 0, 4, 0, 8, -1, 0, 0, null, null)).toThrow();
    const shared = new SharedArrayBuffer(64) as unknown as ArrayBuffer;
    expect(() => addon.gemm(shared, false, false, 1, 1, 1, 1, 0, 0, 4, 0, 8, -1, 0, 0, null, null)).toThrow(
      /not shared/,
    );
    expect(() => addon.gemm(heap, false, false, 1.5, 1, 1, 1, 0, 0, 4, 0, 8, -1, 0, 0, null, null)).toThrow(
      /m must be an integer/,
    );
  });
});
