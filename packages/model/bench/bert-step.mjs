// A self-contained BERT-like MLM training step (forward + backward + Adam) for PROFILING ONLY.
// It mirrors the ops the real model uses (fused matMul + bias on 2-D views, moments LayerNorm, erf GELU,
// softmax attention with an additive mask, dropout 0.1, tied decoder, gathered masked positions) so that the
// kernel mix is representative; the real model lives in src/ and is written elsewhere.
import * as tf from '@tensorflow/tfjs';
import { fastDropout } from '../dist/index.js';

export const CONFIGS = {
  mini: { layers: 4, hidden: 256, heads: 4, intermediate: 1024, seq: 128, batch: 16, masked: 20, vocab: 8000 },
  course: { layers: 6, hidden: 768, heads: 12, intermediate: 3072, seq: 30, batch: 6, masked: 5, vocab: 30 },
};

const DROPOUT = 0.1;

/** Deterministic int data for one batch. */
function batchData({ seq, batch, masked, vocab }) {
  let state = 12345;
  const next = (n) => {
    state = (state * 1103515245 + 12345) >>> 0;
    return state % n;
  };
  const ids = Int32Array.from({ length: batch * seq }, () => next(vocab));
  const types = Int32Array.from({ length: batch * seq }, (_, i) => (i % seq < seq / 2 ? 0 : 1));
  const mask = Float32Array.from({ length: batch * seq }, (_, i) => (i % seq < seq - 2 ? 1 : 0));
  const positions = Int32Array.from(
    { length: batch * masked },
    (_, i) => Math.floor(i / masked) * seq + (((i % masked) * 5 + 1) % seq),
  );
  const labels = Int32Array.from({ length: batch * masked }, () => next(vocab));
  return { ids, types, mask, positions, labels };
}

/**
 * Builds parameters, an Adam optimizer and a `step()` that returns the loss (one sync per step).
 * `wasmDropout` swaps tf.dropout (JS RNG) for @bert/model's `fastDropout` (mask drawn in wasm).
 */
export function createBertStep(config, { dropout = DROPOUT, wasmDropout = false } = {}) {
  const { layers, hidden: H, heads: N, intermediate: I, seq: T, batch: B, masked: P, vocab: V } = config;
  const D = H / N;
  const vars = [];
  const variable = (init) => {
    const initial = tf.tidy(init);
    const v = tf.variable(initial); // shares the buffer; disposing `initial` leaves it to the variable
    initial.dispose();
    vars.push(v);
    return v;
  };
  const normal = (shape) => variable(() => tf.mul(tf.randomNormal(shape, 0, 1, 'float32', 7), 0.02));
  const constant = (shape, value) => variable(() => tf.fill(shape, value));
  const layerNormParams = () => ({ gamma: constant([H], 1), beta: constant([H], 0) });
  const dense = (inSize, outSize) => ({ w: normal([inSize, outSize]), b: constant([outSize], 0) });

  const params = {
    word: normal([V, H]),
    position: normal([T, H]),
    type: normal([2, H]),
    embLn: layerNormParams(),
    layers: Array.from({ length: layers }, () => ({
      q: dense(H, H),
      k: dense(H, H),
      v: dense(H, H),
      o: dense(H, H),
      attnLn: layerNormParams(),
      inter: dense(H, I),
      out: dense(I, H),
      outLn: layerNormParams(),
    })),
    transform: dense(H, H),
    headLn: layerNormParams(),
    decoderBias: constant([V], 0),
  };

  const data = batchData(config);
  const ids = tf.tensor2d(data.ids, [B, T], 'int32');
  const types = tf.tensor2d(data.types, [B, T], 'int32');
  const additiveMask = tf.tidy(() =>
    tf.reshape(tf.mul(tf.sub(1, tf.tensor2d(data.mask, [B, T])), -10000), [B, 1, 1, T]),
  );
  const positions = tf.tensor1d(data.positions, 'int32');
  const labels = tf.tensor1d(data.labels, 'int32');
  const positionIds = tf.range(0, T, 1, 'int32');

  const linear = (x, { w, b }) => tf.fused.matMul({ a: x, b: w, bias: b }); // [M, out]
  const layerNorm = (x, { gamma, beta }) => {
    const { mean, variance } = tf.moments(x, -1, true);
    return tf.add(tf.mul(tf.mul(tf.sub(x, mean), tf.rsqrt(tf.add(variance, 1e-12))), gamma), beta);
  };
  const gelu = (x) => tf.mul(tf.mul(x, 0.5), tf.add(1, tf.erf(tf.mul(x, Math.SQRT1_2))));
  const drop = (x) => (dropout === 0 ? x : wasmDropout ? fastDropout(x, dropout) : tf.dropout(x, dropout));
  const heads = (x) => tf.transpose(tf.reshape(x, [B, T, N, D]), [0, 2, 1, 3]); // [B, N, T, D]

  const loss = () => {
    const embedded = tf.add(
      tf.add(tf.gather(params.word, ids), tf.gather(params.position, positionIds)),
      tf.gather(params.type, types),
    ); // [B, T, H]
    let hidden = drop(layerNorm(tf.reshape(embedded, [B * T, H]), params.embLn)); // [BT, H]
    for (const layer of params.layers) {
      const q = heads(linear(hidden, layer.q));
      const k = heads(linear(hidden, layer.k));
      const v = heads(linear(hidden, layer.v));
      const scores = tf.add(tf.div(tf.matMul(q, k, false, true), Math.sqrt(D)), additiveMask); // [B, N, T, T]
      const probs = drop(tf.softmax(scores));
      const context = tf.reshape(tf.transpose(tf.matMul(probs, v), [0, 2, 1, 3]), [B * T, H]); // [BT, H]
      const attention = layerNorm(tf.add(drop(linear(context, layer.o)), hidden), layer.attnLn);
      const intermediate = gelu(linear(attention, layer.inter)); // [BT, I]
      hidden = layerNorm(tf.add(drop(linear(intermediate, layer.out)), attention), layer.outLn);
    }
    const picked = tf.gather(hidden, positions); // [BP, H]
    const transformed = layerNorm(gelu(linear(picked, params.transform)), params.headLn);
    const logits = tf.add(tf.matMul(transformed, params.word, false, true), params.decoderBias); // [BP, V]
    const flatIndex = tf.add(tf.mul(tf.range(0, B * P, 1, 'int32'), tf.scalar(V, 'int32')), labels);
    const target = tf.gather(tf.reshape(logits, [B * P * V]), flatIndex);
    return tf.mean(tf.sub(tf.logSumExp(logits, -1), target));
  };

  const optimizer = tf.train.adam(1e-4);
  return {
    vars,
    step() {
      const cost = optimizer.minimize(loss, true, vars);
      const value = cost.dataSync()[0];
      cost.dispose();
      return value;
    },
    dispose() {
      optimizer.dispose();
      tf.dispose([...vars, ids, types, additiveMask, positions, labels, positionIds]);
    },
  };
}

/** Matmul FLOPs of one step (forward ×3 for backward), for GFLOP/s context. */
export function stepFlops({ layers, hidden: H, intermediate: I, seq: T, batch: B, masked: P, vocab: V }) {
  const tokens = B * T;
  const perLayer = 2 * tokens * (4 * H * H + 2 * H * I) + 2 * 2 * B * T * T * H;
  const head = 2 * B * P * (H * H + H * V);
  return 3 * (layers * perLayer + head);
}
