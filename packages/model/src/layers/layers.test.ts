import * as tf from '@tensorflow/tfjs';
import { describe, expect, it } from 'vitest';
import { ParameterRegistry, ParamScope } from '../params/param-scope.js';
import { tinyConfig } from '../testing/tiny.js';
import { gelu, geluNew } from './activations.js';
import { extendedAttentionMask, MASKED_SCORE } from './attention-mask.js';
import { BertAttention } from './bert-attention.js';
import { BertEmbeddings } from './bert-embeddings.js';
import { BertEncoder } from './bert-encoder.js';
import { BertIntermediate } from './bert-intermediate.js';
import { BertLayer } from './bert-layer.js';
import { BertOutput } from './bert-output.js';
import { BertPooler } from './bert-pooler.js';
import { BertSelfAttention } from './bert-self-attention.js';
import { BertSelfOutput } from './bert-self-output.js';
import { LayerNorm } from './layer-norm.js';
import { Linear } from './linear.js';
import { RunContext } from './run-context.js';

const config = tinyConfig(); // vocab 99, H 32, 2 layers, 4 heads, intermediate 37
const [B, T, H, N, I] = [2, 5, 32, 4, 37];
const eval_ = new RunContext(false);

/** Builds a module in a fresh registry, runs `run` and checks that nothing but the variables outlives it. */
function withModule<M>(build: (scope: ParamScope) => M, run: (module: M) => tf.Tensor | tf.Tensor[]): number[][] {
  const registry = new ParameterRegistry('bert', config.initializerRange, { seed: 7 });
  const module = build(ParamScope.root(registry));
  const before = tf.memory().numTensors;
  const hidden = tf.randomNormal([B, T, H], 0, 1, 'float32', 1);
  const outputs = [run(module)].flat();
  const shapes = outputs.map((output) => output.shape);
  tf.dispose([hidden, ...outputs]);
  expect(tf.memory().numTensors).toBe(before);
  registry.dispose();
  return shapes;
}

const hidden3 = () => tf.randomNormal([B, T, H], 0, 1, 'float32', 1) as tf.Tensor3D;
const noMask = () => tf.zeros([B, 1, 1, T]) as tf.Tensor4D;

describe('module shapes and leaks (tiny config)', () => {
  it.each<[string, () => number[][], number[][]]>([
    [
      'Linear [B,T,32] → [B,T,37]',
      () =>
        withModule(
          (s) => new Linear(s, H, I),
          (m) => tf.tidy(() => m.forward(hidden3())),
        ),
      [[B, T, I]],
    ],
    [
      'LayerNorm',
      () =>
        withModule(
          (s) => new LayerNorm(s, H, 1e-12),
          (m) => tf.tidy(() => m.forward(hidden3())),
        ),
      [[B, T, H]],
    ],
    [
      'BertEmbeddings [B,T] → [B,T,H]',
      () =>
        withModule(
          (s) => new BertEmbeddings(config, s),
          (m) => tf.tidy(() => m.forward(tf.ones([B, T], 'int32'), undefined, eval_)),
        ),
      [[B, T, H]],
    ],
    [
      'BertSelfAttention → context [B,T,H], probs [B,N,T,T]',
      () =>
        withModule(
          (s) => new BertSelfAttention(config, s),
          (m) =>
            tf.tidy(() => {
              const { context, probs } = m.forward(hidden3(), noMask(), eval_, true);
              return [context, probs as tf.Tensor];
            }),
        ),
      [
        [B, T, H],
        [B, N, T, T],
      ],
    ],
    [
      'BertSelfOutput',
      () =>
        withModule(
          (s) => new BertSelfOutput(config, s),
          (m) => tf.tidy(() => m.forward(hidden3(), hidden3(), eval_)),
        ),
      [[B, T, H]],
    ],
    [
      'BertAttention',
      () =>
        withModule(
          (s) => new BertAttention(config, s),
          (m) => tf.tidy(() => m.forward(hidden3(), noMask(), eval_).output),
        ),
      [[B, T, H]],
    ],
    [
      'BertIntermediate [B,T,H] → [B,T,I]',
      () =>
        withModule(
          (s) => new BertIntermediate(config, s),
          (m) => tf.tidy(() => m.forward(hidden3())),
        ),
      [[B, T, I]],
    ],
    [
      'BertOutput [B,T,I] → [B,T,H]',
      () =>
        withModule(
          (s) => new BertOutput(config, s),
          (m) => tf.tidy(() => m.forward(tf.ones([B, T, I]) as tf.Tensor3D, hidden3(), eval_)),
        ),
      [[B, T, H]],
    ],
    [
      'BertLayer',
      () =>
        withModule(
          (s) => new BertLayer(config, s),
          (m) => tf.tidy(() => m.forward(hidden3(), noMask(), eval_).hidden),
        ),
      [[B, T, H]],
    ],
    [
      'BertEncoder with all hidden states (L+1) and attentions (L)',
      () =>
        withModule(
          (s) => new BertEncoder(config, s),
          (m) =>
            tf.tidy(() => {
              const result = m.forward(hidden3(), noMask(), eval_, {
                outputAttentions: true,
                outputHiddenStates: true,
              });
              return [result.lastHiddenState, ...(result.hiddenStates ?? []), ...(result.attentions ?? [])];
            }),
        ),
      [
        [B, T, H],
        [B, T, H],
        [B, T, H],
        [B, T, H],
        [B, N, T, T],
        [B, N, T, T],
      ],
    ],
    [
      'BertPooler [B,T,H] → [B,H]',
      () =>
        withModule(
          (s) => new BertPooler(config, s),
          (m) => tf.tidy(() => m.forward(hidden3())),
        ),
      [[B, H]],
    ],
  ])('%s', (_name, run, expected) => {
    expect(run()).toEqual(expected);
  });
});

describe('numerics against plain JavaScript', () => {
  it('Linear is x · W + b with W stored [in, out]', async () => {
    const registry = new ParameterRegistry('bert', 0.02, { seed: 3 });
    const linear = new Linear(ParamScope.root(registry), 3, 2);
    linear.bias?.assign(tf.tensor1d([0.5, -1]));
    const W = (await linear.weight.array()) as number[][];
    const x = [1, -2, 3];
    const out = tf.tidy(() => linear.forward(tf.tensor2d([x])));
    const expected = [0, 1].map((j) => x.reduce((sum, xi, i) => sum + xi * (W[i] as number[])[j]!, 0) + [0.5, -1][j]!);
    expect(Array.from(await out.data())).toEqual(expected.map((value) => expect.closeTo(value, 6)));
    out.dispose();
    registry.dispose();
  });

  it('LayerNorm uses the biased variance and eps like torch.nn.LayerNorm', async () => {
    const registry = new ParameterRegistry('bert', 0.02);
    const norm = new LayerNorm(ParamScope.root(registry), 4, 1e-5);
    const x = [1, 2, 4, 9];
    const mean = 4;
    const variance = x.reduce((sum, v) => sum + (v - mean) ** 2, 0) / 4;
    const out = tf.tidy(() => norm.forward(tf.tensor2d([x])));
    expect(Array.from(await out.data())).toEqual(
      x.map((v) => expect.closeTo((v - mean) / Math.sqrt(variance + 1e-5), 6)),
    );
    out.dispose();
    registry.dispose();
  });

  it('gelu is the exact erf form and gelu_new the tanh approximation', async () => {
    const values = [-3, -1, -0.5, 0, 0.5, 1, 3];
    // Φ(x) from a high-precision erf (Abramowitz–Stegun 7.1.26 is too coarse; use the series via Math).
    const erf = (x: number) => {
      let sum = 0;
      let term = x;
      for (let n = 0; n < 60; n++) {
        sum += term / (2 * n + 1);
        term *= (-x * x) / (n + 1);
      }
      return (2 / Math.sqrt(Math.PI)) * sum;
    };
    const exact = values.map((x) => 0.5 * x * (1 + erf(x / Math.SQRT2)));
    const approx = values.map((x) => 0.5 * x * (1 + Math.tanh(Math.sqrt(2 / Math.PI) * (x + 0.044715 * x ** 3))));
    const [a, b] = tf.tidy(() => [gelu(tf.tensor1d(values)), geluNew(tf.tensor1d(values))]) as [tf.Tensor, tf.Tensor];
    expect(Array.from(await a.data())).toEqual(exact.map((v) => expect.closeTo(v, 6)));
    expect(Array.from(await b.data())).toEqual(approx.map((v) => expect.closeTo(v, 6)));
    tf.dispose([a, b]);
  });

  it('the additive mask is 0 for real tokens and float32 min for padding', async () => {
    const mask = tf.tensor2d([[1, 1, 0]], undefined, 'int32');
    const extended = extendedAttentionMask(mask);
    expect(extended.shape).toEqual([1, 1, 1, 3]);
    // (1 − 1) · min is −0, as in HF; adding −0 leaves scores unchanged.
    expect(Array.from(await extended.data())).toEqual([-0, -0, Math.fround(MASKED_SCORE)]);
    tf.dispose([mask, extended]);
  });

  it('self-attention gives padded keys zero probability and rows that sum to one', async () => {
    const registry = new ParameterRegistry('bert', 0.02, { seed: 5 });
    const attention = new BertSelfAttention(config, ParamScope.root(registry));
    const mask = tf.tensor2d(
      [
        [1, 1, 1, 0, 0],
        [1, 1, 1, 1, 1],
      ],
      undefined,
      'int32',
    );
    const { probs, context } = tf.tidy(() => attention.forward(hidden3(), extendedAttentionMask(mask), eval_, true));
    const values = (await (probs as tf.Tensor).array()) as number[][][][];
    const first = values[0] as number[][][];
    for (const head of first) {
      for (const row of head) {
        expect(row[3]).toBe(0);
        expect(row[4]).toBe(0);
        expect(row.reduce((sum, p) => sum + p, 0)).toBeCloseTo(1, 6);
      }
    }
    tf.dispose([probs as tf.Tensor, context, mask]);
    registry.dispose();
  });
});

describe('RunContext dropout', () => {
  it('is the identity in eval, seeded masks repeat, unseeded ones differ', async () => {
    const x = tf.ones([64, 64]);
    expect(new RunContext(false, 1).dropout(x, 0.5)).toBe(x);
    const seeded = async () => {
      const out = new RunContext(true, 42).dropout(x, 0.5);
      const data = Array.from(await out.data());
      out.dispose();
      return data;
    };
    const first = await seeded();
    expect(await seeded()).toEqual(first);
    expect(new Set(first)).toEqual(new Set([0, 2])); // inverted dropout scales kept units by 1 / (1 - rate)
    const unseeded = [new RunContext(true).dropout(x, 0.5), new RunContext(true).dropout(x, 0.5)];
    expect(Array.from(await unseeded[0]!.data())).not.toEqual(Array.from(await unseeded[1]!.data()));
    tf.dispose([x, ...unseeded]);
  });
});
