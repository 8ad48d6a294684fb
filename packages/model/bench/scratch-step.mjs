import { initBackend } from '../dist/index.js';
import { CONFIGS, createBertStep } from './bert-step.mjs';
await initBackend({ prefer: 'wasm' });
for (const name of (process.argv[2] ?? 'mini,course').split(',')) {
  const r = createBertStep(CONFIGS[name]);
  r.step(); r.step();
  const wall = [], cpu = [];
  for (let i = 0; i < Number(process.argv[3] ?? 3); i++) { const t0 = performance.now(), c0 = process.cpuUsage(); r.step(); const c = process.cpuUsage(c0); wall.push(performance.now() - t0); cpu.push((c.user + c.system) / 1000); }
  console.log(name, 'wall', wall.map(x => x.toFixed(0)).join(' '), 'cpu', cpu.map(x => x.toFixed(0)).join(' '));
  r.dispose();
}
