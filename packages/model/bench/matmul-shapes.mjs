// The matmul shapes one training step of each config runs (forward, and the two gradient products of each).
// Stored shapes: `a` and `b` as laid out in memory; tA/tB are matMul's transpose flags.

function dense(name, rows, inSize, outSize) {
  return [
    { name: `${name} fwd`, a: [rows, inSize], b: [inSize, outSize], tA: false, tB: false },
    { name: `${name} dX`, a: [rows, outSize], b: [inSize, outSize], tA: false, tB: true },
    { name: `${name} dW`, a: [rows, inSize], b: [rows, outSize], tA: true, tB: false },
  ];
}

function attention(bn, t, d) {
  return [
    { name: 'QK^T fwd', a: [bn, t, d], b: [bn, t, d], tA: false, tB: true },
    { name: 'PV fwd', a: [bn, t, t], b: [bn, t, d], tA: false, tB: false },
    { name: 'PV dP', a: [bn, t, d], b: [bn, t, d], tA: false, tB: true },
    { name: 'PV dV', a: [bn, t, t], b: [bn, t, d], tA: true, tB: false },
    { name: 'QK^T dQ', a: [bn, t, t], b: [bn, t, d], tA: false, tB: false },
    { name: 'QK^T dK', a: [bn, t, t], b: [bn, t, d], tA: true, tB: false },
  ];
}

/** Unique shapes per config, each with how many times a step runs it. */
export function matmulShapes({ layers, hidden: H, heads: N, intermediate: I, seq: T, batch: B, masked: P, vocab: V }) {
  const tokens = B * T;
  const perLayer = [
    ...dense(`[${tokens},${H}]x[${H},${H}] QKVO`, tokens, H, H).map((s) => ({ ...s, count: 4 * layers })),
    ...dense(`[${tokens},${H}]x[${H},${I}] FFN in`, tokens, H, I).map((s) => ({ ...s, count: layers })),
    ...dense(`[${tokens},${I}]x[${I},${H}] FFN out`, tokens, I, H).map((s) => ({ ...s, count: layers })),
    ...attention(B * N, T, H / N).map((s) => ({ ...s, name: `[${B * N},${T},${H / N}] ${s.name}`, count: layers })),
  ];
  const head = [
    ...dense(`[${B * P},${H}]x[${H},${H}] head`, B * P, H, H).map((s) => ({ ...s, count: 1 })),
    { name: `[${B * P},${H}]x[${V},${H}]^T decoder fwd`, a: [B * P, H], b: [V, H], tA: false, tB: true, count: 1 },
    { name: `decoder dX`, a: [B * P, V], b: [V, H], tA: false, tB: false, count: 1 },
    { name: `decoder dW`, a: [B * P, V], b: [B * P, H], tA: true, tB: false, count: 1 },
  ];
  return [...perLayer, ...head];
}

/** FLOPs of one product. */
export function flopsOf({ a, b, tA, tB }) {
  const m = tA ? a.at(-1) : a.at(-2);
  const k = tA ? a.at(-2) : a.at(-1);
  const n = tB ? b.at(-2) : b.at(-1);
  const batch = a.slice(0, -2).reduce((x, y) => x * y, 1);
  return 2 * batch * m * n * k;
}
