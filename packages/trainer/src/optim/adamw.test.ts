import * as tf from '@tensorflow/tfjs';
import { afterEach, describe, expect, it } from 'vitest';
import { houseTinyConfig, tinyModel } from '../testing/synthetic.js';
import { AdamW, adam, resolveAdamWConfig } from './adamw.js';

const f32 = Math.fround;

/** PyTorch's `_single_tensor_adamw` op sequence, each op rounded to float32 as a float32 kernel does. */
function torchOpsReference(
  p: Float32Array,
  g: Float32Array,
  m: Float32Array,
  v: Float32Array,
  step: number,
  {
    lr,
    beta1 = 0.9,
    beta2 = 0.999,
    eps = 1e-8,
    wd = 0.01,
    decay = true,
  }: {
    lr: number;
    beta1?: number;
    beta2?: number;
    eps?: number;
    wd?: number;
    decay?: boolean;
  },
): void {
  const bc1 = 1 - beta1 ** step;
  const bc2Sqrt = Math.sqrt(1 - beta2 ** step);
  for (let i = 0; i < p.length; i++) {
    const decayed = decay ? f32(p[i]! * f32(1 - lr * wd)) : p[i]!;
    m[i] = f32(m[i]! + f32(f32(1 - beta1) * f32(g[i]! - m[i]!))); // exp_avg.lerp_(grad, 1 − β1)
    v[i] = f32(f32(v[i]! * f32(beta2)) + f32(f32(f32(1 - beta2) * g[i]!) * g[i]!)); // mul_(β2).addcmul_(g, g, 1 − β2)
    const denominator = f32(f32(f32(Math.sqrt(v[i]!)) / f32(bc2Sqrt)) + f32(eps));
    p[i] = f32(decayed + f32(f32(f32(-lr / bc1) * m[i]!) / denominator)); // addcdiv_(m, denom, −step_size)
  }
}

/** The algorithm as documented for torch.optim.AdamW, in float64. */
function documentedReference(
  p: number[],
  g: number[],
  m: number[],
  v: number[],
  t: number,
  lr: number,
  wd: number,
): void {
  const [beta1, beta2, eps] = [0.9, 0.999, 1e-8];
  for (let i = 0; i < p.length; i++) {
    p[i] = p[i]! - lr * wd * p[i]!; // θ ← θ − γλθ
    m[i] = beta1 * m[i]! + (1 - beta1) * g[i]!;
    v[i] = beta2 * v[i]! + (1 - beta2) * g[i]! ** 2;
    const mHat = m[i]! / (1 - beta1 ** t);
    const vHat = v[i]! / (1 - beta2 ** t);
    p[i] = p[i]! - (lr * mHat) / (Math.sqrt(vHat) + eps);
  }
}

const created: { dispose(): void }[] = [];
afterEach(() => {
  for (const item of created.splice(0)) item.dispose();
});

function variables(values: Record<string, number[]>): Map<string, tf.Variable> {
  return new Map(
    Object.entries(values).map(([name, data]) => {
      const initialValue = tf.tensor1d(data);
      const variable = tf.variable(initialValue, true);
      initialValue.dispose();
      created.push(variable);
      return [name, variable];
    }),
  );
}

describe('AdamW', () => {
  const initial = {
    'encoder.dense.weight': [0.5, -1.25, 3, 0.001],
    'encoder.dense.bias': [0.1, -0.2, 0.3],
    'encoder.LayerNorm.weight': [1, 1.5],
  };
  const gradientSteps = [
    {
      'encoder.dense.weight': [0.3, -0.02, 1.5, -4],
      'encoder.dense.bias': [1e-3, 2, -0.7],
      'encoder.LayerNorm.weight': [0.25, -0.5],
    },
    {
      'encoder.dense.weight': [-0.1, 0.05, 0.5, 2],
      'encoder.dense.bias': [0.4, -1, 0.01],
      'encoder.LayerNorm.weight': [-0.3, 0.9],
    },
    {
      'encoder.dense.weight': [0.2, 0.2, -0.2, 0.2],
      'encoder.dense.bias': [0, 0.5, -0.5],
      'encoder.LayerNorm.weight': [1, 1],
    },
  ];
  const lrs = [1e-3, 5e-4, 2e-3];

  it('matches PyTorch AdamW op for op (bit-exact float32) over three steps', async () => {
    const params = variables(initial);
    const optimizer = new AdamW(params, { weightDecay: 0.01 });
    created.push(optimizer);
    const reference = Object.fromEntries(
      Object.entries(initial).map(([name, data]) => [
        name,
        { p: new Float32Array(data), m: new Float32Array(data.length), v: new Float32Array(data.length) },
      ]),
    );
    for (const [index, gradients] of gradientSteps.entries()) {
      const tensors = new Map(Object.entries(gradients).map(([name, data]) => [name, tf.tensor1d(data) as tf.Tensor]));
      optimizer.applyGradients(tensors, lrs[index]!);
      tf.dispose([...tensors.values()]);
      for (const [name, state] of Object.entries(reference)) {
        const decay = name === 'encoder.dense.weight';
        torchOpsReference(
          state.p,
          new Float32Array(gradients[name as keyof typeof gradients]),
          state.m,
          state.v,
          index + 1,
          {
            lr: lrs[index]!,
            decay,
          },
        );
      }
    }
    for (const [name, state] of Object.entries(reference)) {
      expect(Array.from(await params.get(name)!.data()), name).toEqual(Array.from(state.p));
    }
    expect(optimizer.step).toBe(3);
  });

  it('matches the documented algorithm in float64 to 1e-6 relative', async () => {
    const params = variables({ w: initial['encoder.dense.weight'] });
    const optimizer = new AdamW(params, { weightDecay: 0.1, noDecay: () => false });
    created.push(optimizer);
    const p = [...initial['encoder.dense.weight']];
    const m = p.map(() => 0);
    const v = p.map(() => 0);
    for (const [index, gradients] of gradientSteps.entries()) {
      const gradient = tf.tensor1d(gradients['encoder.dense.weight']);
      optimizer.applyGradients(new Map([['w', gradient]]), lrs[index]!);
      gradient.dispose();
      documentedReference(p, gradients['encoder.dense.weight'], m, v, index + 1, lrs[index]!, 0.1);
    }
    const actual = Array.from(await params.get('w')!.data());
    for (const [i, value] of actual.entries()) expect(Math.abs(value - p[i]!) / Math.abs(p[i]!)).toBeLessThan(1e-6);
  });

  it('decays everything but biases and LayerNorm weights of a BERT model', () => {
    const model = tinyModel(houseTinyConfig());
    created.push(model);
    const optimizer = new AdamW(model.namedParameters());
    created.push(optimizer);
    const decayed = new Set(optimizer.decayedParameters);
    expect(decayed.has('bert.embeddings.word_embeddings.weight')).toBe(true);
    expect(decayed.has('bert.encoder.layer.0.attention.self.query.weight')).toBe(true);
    expect(decayed.has('cls.seq_relationship.weight')).toBe(true);
    for (const name of model.namedParameters().keys()) {
      if (name.endsWith('.bias') || name.endsWith('LayerNorm.weight')) expect(decayed.has(name), name).toBe(false);
    }
    expect(decayed.size).toBe(18); // 3 embeddings + 2 layers × 6 kernels + pooler, MLM transform, NSP kernels
    expect(adam(model.namedParameters()).decayedParameters).toEqual([]);
  });

  it('with a zero gradient only decays the decay group: p·(1 − lr·λ)', async () => {
    const params = variables({ 'dense.weight': [2, -4], 'dense.bias': [2, -4] });
    const optimizer = new AdamW(params, { weightDecay: 0.5 });
    created.push(optimizer);
    const zeros = new Map([...params].map(([name, variable]) => [name, tf.zerosLike(variable) as tf.Tensor]));
    optimizer.applyGradients(zeros, 0.1);
    tf.dispose([...zeros.values()]);
    expect(Array.from(await params.get('dense.weight')!.data())).toEqual([f32(2 * f32(0.95)), f32(-4 * f32(0.95))]);
    expect(Array.from(await params.get('dense.bias')!.data())).toEqual([2, -4]);
  });

  it('leaves a parameter without gradient untouched, as PyTorch skips grad None', async () => {
    const params = variables({ a: [1, 2], b: [3, 4] });
    const optimizer = new AdamW(params);
    created.push(optimizer);
    const gradient = tf.tensor1d([0.5, 0.5]);
    optimizer.applyGradients(new Map([['a', gradient]]), 0.01);
    gradient.dispose();
    expect(Array.from(await params.get('b')!.data())).toEqual([3, 4]);
    const state = await optimizer.state();
    expect([state.step, state.parameters.get('a')!.step, state.parameters.get('b')!.step]).toEqual([1, 1, 0]);
  });

  it('round-trips its state and refuses a state of other names or shapes', async () => {
    const params = variables({ a: [1, 2], b: [3] });
    const optimizer = new AdamW(params);
    created.push(optimizer);
    const gradients = new Map([
      ['a', tf.tensor1d([0.1, -0.2])],
      ['b', tf.tensor1d([0.3])],
    ]);
    optimizer.applyGradients(gradients, 0.01);
    const saved = await optimizer.state();
    const other = new AdamW(params);
    created.push(other);
    other.loadState(saved);
    const restored = await other.state();
    expect(restored.step).toBe(1);
    expect(Array.from(restored.parameters.get('a')!.expAvgSq)).toEqual(Array.from(saved.parameters.get('a')!.expAvgSq));
    tf.dispose([...gradients.values()]);

    const wrongShape = {
      step: 1,
      parameters: new Map([...saved.parameters].map(([n, s]) => [n, { ...s, shape: n === 'b' ? [2] : s.shape }])),
    };
    expect(() => other.loadState(wrongShape, 'optimizer.safetensors')).toThrow(
      'optimizer.safetensors: "b" has shape [2] in the checkpoint but [1] in the model',
    );
    const missing = { step: 1, parameters: new Map([...saved.parameters].filter(([n]) => n === 'a')) };
    expect(() => other.loadState(missing)).toThrow('no moments for parameter "b"');
  });

  it('names the parameter whose gradient has the wrong shape', () => {
    const optimizer = new AdamW(variables({ 'dense.weight': [1, 2] }));
    created.push(optimizer);
    const gradient = tf.tensor1d([1, 2, 3]);
    expect(() => optimizer.applyGradients(new Map([['dense.weight', gradient]]), 0.1)).toThrow(
      'gradient of "dense.weight": expected shape [2], got [3]',
    );
    expect(optimizer.step).toBe(0);
    gradient.dispose();
  });

  it('rejects bad hyper-parameters quoting the value', () => {
    expect(() => resolveAdamWConfig({ beta2: 1 })).toThrow('beta2 (1) must be in [0, 1)');
    expect(() => resolveAdamWConfig({ epsilon: 0 })).toThrow('epsilon (0) must be positive');
    expect(() => resolveAdamWConfig({ weightDecay: -1 })).toThrow('weightDecay (-1) must be ≥ 0');
    expect(resolveAdamWConfig().epsilon).toBe(1e-8);
    expect(Object.isFrozen(resolveAdamWConfig())).toBe(true);
  });

  it('keeps the tensor count constant across steps and frees its moments on dispose', () => {
    const before = tf.memory().numTensors;
    const params = variables({ a: [1, 2, 3] });
    const optimizer = new AdamW(params);
    const afterCreate = tf.memory().numTensors;
    for (let step = 0; step < 5; step++) {
      const gradient = tf.tensor1d([0.1, 0.2, 0.3]);
      optimizer.applyGradients(new Map([['a', gradient]]), 0.01);
      gradient.dispose();
      expect(tf.memory().numTensors).toBe(afterCreate);
    }
    optimizer.dispose();
    for (const item of created.splice(0)) item.dispose();
    expect(tf.memory().numTensors).toBe(before);
  });

  it("frees each parameter's temporaries before the next: peak memory does not grow with the parameter count", async () => {
    // One tidy over all parameters (tf.train.adam's way) holds ~8 temporaries per parameter until the end: 3.4 GB of
    // tensors for the course's 44M-parameter config, past wasm's 4 GB heap for BERT-base.
    const size = 64 * 1024;
    const peakOfUpdate = async (count: number) => {
      const params = new Map(
        Array.from({ length: count }, (_, i) => [`layer.${i}.weight`, tf.variable(tf.fill([size], 0.5))] as const),
      );
      const gradients = new Map([...params.keys()].map((name) => [name, tf.fill([size], 0.01)] as const));
      const optimizer = new AdamW(params);
      const before = tf.memory().numBytes;
      const profile = await tf.profile(() => optimizer.applyGradients(gradients, 1e-3));
      optimizer.dispose();
      tf.dispose([...params.values(), ...gradients.values()]);
      return profile.peakBytes - before;
    };
    const one = await peakOfUpdate(1);
    const eight = await peakOfUpdate(8);
    expect(one).toBeGreaterThan(0);
    expect(eight).toBeLessThan(1.5 * one);
  });
});
