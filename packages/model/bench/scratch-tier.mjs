import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../dist/index.js';
await initBackend({ prefer: 'wasm' });
const a = tf.randomNormal([768, 768]), b = tf.randomNormal([768, 768]);
for (let round = 0; round < 8; round++) {
  let t0 = performance.now();
  for (let i = 0; i < 50; i++) tf.add(a, b).dispose();
  const add = (performance.now() - t0) / 50;
  t0 = performance.now();
  for (let i = 0; i < 50; i++) tf.exp(a).dispose();
  const exp = (performance.now() - t0) / 50;
  console.log(round, 'add', add.toFixed(3), 'exp', exp.toFixed(3));
  await new Promise((r) => setTimeout(r, 200));
}
