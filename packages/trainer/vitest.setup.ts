import { initBackend } from '@bert/model';

// Tests run on the same engine as the CLIs: BERT_BACKEND if set, else the best available (wasm here).
// The optional OpenBLAS accelerator stays off here unless BERT_BLAS asks for it: these tests pin behaviour of the
// wasm engine (helper threads, 1e-5 accumulation parity); src/loop/blas-parity.test.ts turns it on itself.
process.env.BERT_BLAS ??= '0';
await initBackend();
