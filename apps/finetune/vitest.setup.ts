import { initBackend } from '@bert/model';

// Tests run on the same engine as the CLI: BERT_BACKEND if set, else the best available (wasm here).
await initBackend();
