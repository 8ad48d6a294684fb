import fs from 'node:fs';
const src = fs.readFileSync('src/backend/kernels/wasm/kernels-wasm.ts', 'utf8');
const b64 = src.match(/HEAP_WASM_BASE64 =\s*'([^']+)'/)[1];
const memory = new WebAssembly.Memory({ initial: 2000 });
const { exports: e } = new WebAssembly.Instance(new WebAssembly.Module(Buffer.from(b64, 'base64')), { env: { memory } });
const n = 768 * 768, A = 1 << 20, B = A + n * 4, C = B + n * 4;
new Float32Array(memory.buffer).fill(0.5, A >> 2, (C >> 2) + n);
for (let round = 0; round < 5; round++) {
  let t0 = performance.now(); for (let i = 0; i < 100; i++) e.binary_f32(0, C, A, B, 1, 1, n, 0, 0, 1, 0, 0, 1); const add = (performance.now() - t0) / 100;
  t0 = performance.now(); for (let i = 0; i < 100; i++) e.unary_f32(0, C, A, n, 64); const exp = (performance.now() - t0) / 100;
  t0 = performance.now(); for (let i = 0; i < 100; i++) e.reduce_f32(0, C, A, 1, 768, 768, 1); const red = (performance.now() - t0) / 100;
  console.log('add', add.toFixed(3), 'exp', exp.toFixed(3), 'sum rows', red.toFixed(3));
}
