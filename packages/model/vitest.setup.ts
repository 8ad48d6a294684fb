import { initBackend } from './src/backend/init-backend.js';

// Tests run on the same engine as the CLIs: BERT_BACKEND if set, else the best available (wasm here). The tests of
// this package are about its own wasm kernels, so the optional OpenBLAS accelerator stays off unless BERT_BLAS asks
// for it (blas-accelerator.test.ts turns it on itself; the trainer's and apps' tests run with it when it loads).
process.env.BERT_BLAS ??= '0';
await initBackend();
