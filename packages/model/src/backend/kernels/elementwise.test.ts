import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { maxError, onBackend, randomArray } from './test-utils.js';

/** Runs `op` on wasm (fixed kernels) and on cpu (reference); returns both results as arrays. */
async function both(
  op: () => tf.Tensor,
): Promise<{ actual: tf.Tensor; expected: { shape: number[]; values: Float32Array } }> {
  const expected = await onBackend('cpu', () => tf.tidy(op));
  return { actual: tf.tidy(op), expected };
}

describe('comparison kernels (wasm fix)', () => {
  const shapes: [number[], number[]][] = [
    [
      [7, 13],
      [7, 1],
    ],
    [[7, 13], [13]],
    [
      [2, 3, 5, 9],
      [2, 1, 1, 9],
    ],
    [[5], []],
    [
      [4, 6],
      [4, 6],
    ],
    [
      [2, 3, 4, 5, 6],
      [2, 1, 4, 1, 6],
    ], // does not collapse to 3 dims: stock kernel
  ];
  const comparisons = {
    equal: tf.equal,
    notEqual: tf.notEqual,
    less: tf.less,
    lessEqual: tf.lessEqual,
    greater: tf.greater,
    greaterEqual: tf.greaterEqual,
  };
  for (const [name, compare] of Object.entries(comparisons)) {
    for (const [aShape, bShape] of shapes) {
      it(`${name} [${aShape}] vs [${bShape}] matches cpu`, async () => {
        // Coarse values so equality actually happens.
        const values = (shape: number[], seed: number) =>
          Float32Array.from(
            randomArray(
              shape.reduce((x, y) => x * y, 1),
              seed,
            ),
            (v) => Math.round(v * 2),
          );
        const a = values(aShape, 31);
        const b = values(bShape, 32);
        const { actual, expected } = await both(() => compare(tf.tensor(a, aShape), tf.tensor(b, bShape)));
        expect(actual.dtype).toBe('bool');
        expect(actual.shape).toEqual(expected.shape);
        expect(Array.from(actual.dataSync())).toEqual(Array.from(expected.values));
        actual.dispose();
      });
    }
  }
});

describe('reduction kernels (wasm fix)', () => {
  const cases: [number[], number | number[], boolean][] = [
    [[37, 19], 0, false], //        column sums (bias gradients)
    [[37, 19], 1, true], //         row sums
    [[37, 19], -1, false],
    [[4, 5, 6], [1, 2], false], //  trailing block
    [[4, 5, 6], [0, 1], true], //   leading block
    [[4, 5, 6], 1, false], //       middle axis
    [[4, 1, 6], [0, 2], false], //  non-contiguous around a size-1 axis
    [[4, 5, 6], [0, 2], false], //  not contiguous: stock kernel
    [[1000], 0, false],
    [[3, 4], [0, 1], false],
  ];
  const reductions = { sum: tf.sum, mean: tf.mean, max: tf.max, min: tf.min };
  for (const [name, reduce] of Object.entries(reductions)) {
    for (const [shape, axis, keepDims] of cases) {
      it(`${name} of [${shape}] over ${JSON.stringify(axis)} keepDims=${keepDims} matches cpu`, async () => {
        const x = randomArray(
          shape.reduce((a, b) => a * b, 1),
          33,
        );
        const { actual, expected } = await both(() => reduce(tf.tensor(x, shape), axis, keepDims));
        expect(actual.shape).toEqual(expected.shape);
        expect(maxError(actual.dataSync(), expected.values)).toBeLessThan(1e-5);
        actual.dispose();
      });
    }
  }

  it('propagates NaN through max like cpu', async () => {
    const { actual, expected } = await both(() => tf.max(tf.tensor2d([1, Number.NaN, 3, 4, 5, 6], [2, 3]), 1));
    expect(Array.from(actual.dataSync())).toEqual(Array.from(expected.values));
    actual.dispose();
  });
});

describe('sqrt, square and rsqrt (wasm fix)', () => {
  it('match cpu exactly on positive inputs of odd length, NaN for negative sqrt', async () => {
    const x = Float32Array.from(randomArray(1003, 60), (v) => Math.abs(v) * 100 + 1e-3);
    for (const unary of [tf.sqrt, tf.square, tf.rsqrt]) {
      const { actual, expected } = await both(() => unary(tf.tensor1d(x)));
      expect(maxError(actual.dataSync(), expected.values)).toBeLessThan(1e-6);
      actual.dispose();
    }
    const negative = tf.sqrt(tf.tensor1d([-1, 4]));
    expect(Array.from(negative.dataSync())).toEqual([Number.NaN, 2]);
    negative.dispose();
  });
});

describe('exp and erf (wasm fix)', () => {
  for (const size of [1, 3, 4, 7, 1001]) {
    it(`exp and erf of ${size} values in [-10, 10] match cpu (relative 1e-5 / absolute 1e-6)`, async () => {
      const x = Float32Array.from(randomArray(size, 40 + size), (v) => v * 10);
      for (const unary of [tf.exp, tf.erf]) {
        const { actual, expected } = await both(() => unary(tf.tensor1d(x)));
        const got = actual.dataSync();
        for (let i = 0; i < size; i++) {
          const want = expected.values[i]!;
          expect(Math.abs(got[i]! - want)).toBeLessThanOrEqual(Math.max(1e-6, 1e-5 * Math.abs(want)));
        }
        actual.dispose();
      }
    });
  }

  it('handles exp overflow, underflow and NaN like cpu', async () => {
    const x = [100, 88.7, -100, -87.5, Number.NaN, 0, -0.5];
    const { actual, expected } = await both(() => tf.exp(tf.tensor1d(x)));
    const got = actual.dataSync();
    expect(got[0]).toBe(Number.POSITIVE_INFINITY);
    expect(Number.isNaN(got[4]!)).toBe(true);
    for (const i of [1, 2, 3, 5, 6]) {
      expect(Math.abs(got[i]! - expected.values[i]!)).toBeLessThanOrEqual(1e-5 * Math.abs(expected.values[i]!) + 1e-37);
    }
    actual.dispose();
  });
});

describe('Cast (wasm fix)', () => {
  it('casts bool and int32 to float32 like cpu (odd lengths), and shares buffers for same-dtype casts', async () => {
    const ints = Int32Array.from(randomArray(1001, 70), (v) => Math.round(v * 3e6));
    const bools = Uint8Array.from(ints, (v) => (v > 0 ? 1 : 0));
    for (const [values, dtype] of [
      [ints, 'int32'],
      [bools, 'bool'],
    ] as const) {
      const { actual, expected } = await both(() => tf.cast(tf.tensor1d(values, dtype), 'float32'));
      expect(actual.dtype).toBe('float32');
      expect(maxError(actual.dataSync(), expected.values)).toBe(0);
      actual.dispose();
    }
    const x = tf.tensor1d([1.5, -2]);
    const same = tf.cast(x, 'float32');
    const truncated = tf.cast(x, 'int32'); // stock kernel
    x.dispose();
    expect([Array.from(same.dataSync()), Array.from(truncated.dataSync())]).toEqual([
      [1.5, -2],
      [1, -2],
    ]);
    tf.dispose([same, truncated]);
  });
});

describe('Identity and GatherV2 (wasm fix)', () => {
  it('clones without copying and keeps the original alive after disposal', () => {
    const x = tf.tensor1d([1, 2, 3]);
    const y = tf.clone(x);
    x.dispose();
    expect(Array.from(y.dataSync())).toEqual([1, 2, 3]);
    y.dispose();
  });

  it.each([
    [[9, 4], [3, 0, 8, 3], 0],
    [
      [9, 4],
      [
        [1, 2],
        [0, 8],
      ],
      0,
    ],
    [[3, 9, 4], [8, 1, 1], 1],
    [[5, 7], [6, 0], 1],
  ])('gathers %j at %j along axis %i like cpu', async (shape, indices, axis) => {
    const x = randomArray(
      shape.reduce((a, b) => a * b, 1),
      50,
    );
    const { actual, expected } = await both(() =>
      tf.gather(tf.tensor(x, shape), tf.tensor(indices as number[], undefined, 'int32'), axis),
    );
    expect(actual.shape).toEqual(expected.shape);
    expect(maxError(actual.dataSync(), expected.values)).toBe(0);
    actual.dispose();
  });

  it('gathers int32 and rejects out-of-range indices without leaking', () => {
    const x = tf.tensor2d([1, 2, 3, 4, 5, 6], [3, 2], 'int32');
    const result = tf.gather(x, tf.tensor1d([2, 0], 'int32'));
    expect(Array.from(result.dataSync())).toEqual([5, 6, 1, 2]);
    const ids = tf.tensor1d([3], 'int32');
    const before = [tf.memory().numTensors, tf.engine().backend.numDataIds()];
    expect(() => tf.gather(x, ids)).toThrow(/not in \[0, 2\]/);
    expect([tf.memory().numTensors, tf.engine().backend.numDataIds()]).toEqual(before);
    ids.dispose();
    tf.dispose([x, result]);
  });

  it('leaks no tensors across all these kernels', () => {
    const x = tf.randomNormal([16, 8]);
    const before = tf.memory().numTensors;
    tf.tidy(() => {
      for (const t of [
        tf.equal(x, tf.max(x, 1, true)),
        tf.sum(x, 0),
        tf.mean(x, -1),
        tf.exp(x),
        tf.erf(x),
        tf.clone(x),
      ])
        t.dataSync();
      tf.gather(x, [1, 2]).dataSync();
    });
    expect(tf.memory().numTensors).toBe(before);
    x.dispose();
  });
});
