import fs from 'node:fs';
const src = fs.readFileSync('src/backend/kernels/wasm/kernels-wasm.ts', 'utf8');
const b64 = src.match(/HEAP_WASM_BASE64 =\s*'([^']+)'/)[1];
const memory = new WebAssembly.Memory({ initial: 2000 });
const { exports: e } = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(b64, 'base64')), { env: { memory } });
const n = 768 * 768;
for (const gap of [0, 64, 1024 + 64]) {
  const A = 1 << 20, B = A + n * 4 + gap, C = B + n * 4 + 2 * gap;
  new Float32Array(memory.buffer).fill(0.5, A >> 2, (C >> 2) + n);
  let best = 1e9;
  for (let round = 0; round < 300; round++) { const t0 = performance.now(); e.binary_f32(0, C, A, B, 1, 1, n, 0, 0, 1, 0, 0, 1); best = Math.min(best, performance.now() - t0); }
  console.log('gap', gap, 'add best', best.toFixed(3));
}
