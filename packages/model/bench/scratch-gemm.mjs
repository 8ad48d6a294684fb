import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import fs from 'node:fs';
import path from 'node:path';
const require = createRequire(import.meta.url);
setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + '/');
await tf.setBackend('wasm');
const be = tf.backend();
const W = be.wasm;
const mod = new WebAssembly.Module(fs.readFileSync(process.argv[2] ?? '/tmp/gemm.wasm'));
const inst = new WebAssembly.Instance(mod, { env: { memory: W.asm.memory } });
const g = inst.exports;
const packA = W._malloc(g.gemm_pack_a_floats() * 4), packB = W._malloc(g.gemm_pack_b_floats() * 4);
const off = (t) => be.dataIdMap.get(t.dataId).memoryOffset;
function run(m, k, n, tA, tB, reps = 5) {
  const a = tf.randomNormal(tA ? [k, m] : [m, k]), b = tf.randomNormal(tB ? [n, k] : [k, n]);
  const c = tf.zeros([m, n]);
  const [ars, acs] = tA ? [1, m] : [k, 1];
  const [brs, bcs] = tB ? [1, k] : [n, 1];
  const f = () => g.gemm(m, n, k, off(a), ars, acs, off(b), brs, bcs, off(c), n, packA, packB);
  for (let i = 0; i < 3; i++) f();
  const ref = tf.matMul(a, b, tA, tB);
  const err = tf.max(tf.abs(tf.sub(ref, c))).dataSync()[0];
  let best = 1e9;
  for (let i = 0; i < reps; i++) { const t0 = process.cpuUsage(); f(); const d = process.cpuUsage(t0); best = Math.min(best, (d.user + d.system) / 1000); }
  console.log(`${m}x${k}x${n} ${tA?'T':'-'}${tB?'T':'-'}`.padEnd(24), best.toFixed(2).padStart(8), 'ms', (2*m*n*k/best/1e6).toFixed(1).padStart(6), 'GFLOP/s err', err.toExponential(1));
  tf.dispose([a, b, c, ref]);
}
for (const [tA, tB] of (process.env.ALLT ? [[false,false],[false,true],[true,false]] : [[false,false]])) {
  run(2048, 256, 256, tA, tB); run(2048, 256, 1024, tA, tB); run(2048, 1024, 256, tA, tB);
  run(180, 768, 3072, tA, tB); run(180, 3072, 768, tA, tB); run(768, 180, 3072, tA, tB); run(128, 64, 128, tA, tB); run(30, 64, 30, tA, tB, 50);
}
