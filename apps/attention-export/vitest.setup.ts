import { initBackend } from '@bert/model';

// The test fixtures build a model in-process; the CLI's own initBackend() then finds the same selection.
await initBackend();
