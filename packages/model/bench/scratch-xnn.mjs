import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
const require = createRequire(import.meta.url);
setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + '/');
await tf.setBackend('wasm');
function cpu(f, reps = 7) { f(); let best = 1e9; for (let i = 0; i < reps; i++) { const t0 = process.cpuUsage(); f(); const d = process.cpuUsage(t0); best = Math.min(best, (d.user + d.system) / 1000); } return best; }
for (const [m, k, n] of [[2048,256,256],[2048,256,1024],[2048,1024,256],[180,768,3072],[180,3072,768],[768,180,3072],[120,256,1024]]) {
  const a = tf.randomNormal([m, k]), b = tf.randomNormal([k, n]);
  const cached = cpu(() => tf.matMul(a, b).dispose());
  const fresh = cpu(() => { const b2 = tf.clone(b); tf.matMul(a, b2).dispose(); b2.dispose(); });
  const f = 2 * m * n * k / 1e6;
  console.log(`${m}x${k}x${n}`.padEnd(16), 'xnn cached', (f / cached).toFixed(1).padStart(6), ' xnn fresh-b', (f / fresh).toFixed(1).padStart(6), 'GFLOP/s (cpu time)');
  tf.dispose([a, b]);
}
