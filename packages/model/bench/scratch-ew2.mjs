import * as tf from '@tensorflow/tfjs';
import { initBackend, registerWasmKernelFixes, restoreStockWasmKernels } from '../dist/index.js';
await initBackend({ prefer: 'wasm' });
function best(f, reps = 30) { for (let i = 0; i < 5; i++) f(); let b = 1e9; for (let i = 0; i < reps; i++) { const t0 = performance.now(); f(); b = Math.min(b, performance.now() - t0); } return b; }
const a = tf.randomNormal([2048, 256]), b = tf.randomNormal([2048, 256]), col = tf.randomNormal([2048, 1]), row = tf.randomNormal([256]), s = tf.scalar(3);
const p = tf.randomNormal([16, 4, 128, 128]), mask = tf.randomNormal([16, 1, 1, 128]);
const ops = {
  'equal col': () => tf.equal(a, col), 'sqdiff col': () => tf.squaredDifference(a, col), 'sqdiff same': () => tf.squaredDifference(a, b),
  'div col': () => tf.div(a, col), 'div scalar': () => tf.div(a, s), 'mul col': () => tf.mul(a, col), 'mul row': () => tf.mul(a, row), 'add row': () => tf.add(a, row),
  'sub col': () => tf.sub(a, col), 'add mask4d': () => tf.add(p, mask), 'mul same': () => tf.mul(a, b), 'add same': () => tf.add(a, b),
};
for (const [name, op] of Object.entries(ops)) {
  restoreStockWasmKernels(); const stock = best(() => tf.tidy(op).dispose());
  registerWasmKernelFixes(); const fixed = best(() => tf.tidy(op).dispose());
  console.log(name.padEnd(12), 'stock', stock.toFixed(3).padStart(7), 'fixed', fixed.toFixed(3).padStart(7), 'ms');
}
