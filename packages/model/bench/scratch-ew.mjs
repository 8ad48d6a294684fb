import * as tf from '@tensorflow/tfjs';
import { initBackend, registerWasmKernelFixes, restoreStockWasmKernels } from '../dist/index.js';
await initBackend({ prefer: 'wasm' });
function cpu(f, reps = 20) { f(); let best = 1e9; for (let i = 0; i < reps; i++) { const t0 = performance.now(); f(); best = Math.min(best, performance.now() - t0); } return best; }
const shapes = [[3072, 768], [768, 768], [2048, 256]];
for (const shape of shapes) {
  const a = tf.randomNormal(shape), b = tf.randomNormal(shape), s = tf.scalar(0.9), col = tf.randomNormal([shape[0], 1]);
  const ops = {
    'add': () => tf.add(a, b), 'mul scalar': () => tf.mul(a, s), 'sub col': () => tf.sub(a, col), 'sqrt': () => tf.sqrt(tf.abs(a)),
    'square': () => tf.square(a), 'exp': () => tf.exp(a), 'sum rows': () => tf.sum(a, 0), 'sum last': () => tf.sum(a, -1), 'identity': () => tf.clone(a), 'copy+': () => tf.add(a, 0),
  };
  for (const [name, op] of Object.entries(ops)) {
    restoreStockWasmKernels(); const stock = cpu(() => tf.tidy(op).dispose());
    registerWasmKernelFixes(); const fixed = cpu(() => tf.tidy(op).dispose());
    console.log(`${shape}`.padEnd(10), name.padEnd(12), 'stock', stock.toFixed(2).padStart(7), 'fixed', fixed.toFixed(2).padStart(7), 'ms');
  }
  tf.dispose([a, b, s, col]);
}
