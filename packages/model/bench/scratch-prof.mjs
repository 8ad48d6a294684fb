import * as tf from '@tensorflow/tfjs';
import { initBackend } from '../dist/index.js';
import { CONFIGS, createBertStep } from './bert-step.mjs';
await initBackend({ prefer: 'wasm' });
const name = process.argv[2] ?? 'mini';
const runner = createBertStep(CONFIGS[name]);
runner.step();
const profile = await tf.profile(() => { runner.step(); });
const by = new Map();
for (const k of profile.kernels) {
  if (k.name.endsWith('__op')) continue;
  const key = `${k.name} ${JSON.stringify(k.inputShapes)}->${JSON.stringify(k.outputShapes)}`;
  const e = by.get(key) ?? { key, ms: 0, calls: 0 };
  e.ms += typeof k.kernelTimeMs === 'number' ? k.kernelTimeMs : 0; e.calls++;
  by.set(key, e);
}
const rows = [...by.values()].sort((a, b) => b.ms - a.ms);
const total = rows.reduce((s, r) => s + r.ms, 0);
console.log('total', total.toFixed(0));
for (const r of rows.slice(0, Number(process.argv[3] ?? 45))) console.log(r.ms.toFixed(1).padStart(8), String(r.calls).padStart(4), r.key.slice(0, 150));
