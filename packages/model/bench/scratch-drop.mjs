import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../dist/index.js';
import { CONFIGS, createBertStep } from './bert-step.mjs';
import { timeSteps } from './profile-step.mjs';
await initBackend({ prefer: 'wasm' });
for (const dropout of [0, 0.1]) {
  const r = createBertStep(CONFIGS[process.argv[2] ?? 'mini'], { dropout });
  console.log('dropout', dropout, timeSteps(r, 3).toFixed(0), 'ms');
  r.dispose();
}
let t0 = performance.now(); tf.randomUniform([8_000_000]).dispose(); console.log('randomUniform 8M', (performance.now() - t0).toFixed(0), 'ms');
