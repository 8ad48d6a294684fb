import * as tf from '@tensorflow/tfjs';
import { setWasmPaths } from '@tensorflow/tfjs-backend-wasm';
import { createRequire } from 'node:module';
import path from 'node:path';
const require = createRequire(import.meta.url);
setWasmPaths(path.dirname(require.resolve('@tensorflow/tfjs-backend-wasm')) + '/');
await tf.setBackend('wasm');
const W = tf.backend().wasm;
console.log(Object.keys(W).filter(k => !k.startsWith('_')).join(' '));
for (const k of Object.keys(W)) { const v = W[k]; if (v instanceof WebAssembly.Memory) console.log('MEMORY at', k); if (v && typeof v === 'object' && !ArrayBuffer.isView(v)) for (const k2 of Object.keys(v)) if (v[k2] instanceof WebAssembly.Memory) console.log('MEMORY at', k, k2); }
console.log(W.HEAPU8.buffer.byteLength, W.HEAPU8.buffer instanceof SharedArrayBuffer);
