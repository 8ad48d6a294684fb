import { initBackend } from '@bert/model';

// Tests run on the same engine as the CLIs: BERT_BACKEND if set, else the best available (wasm here).
await initBackend();
