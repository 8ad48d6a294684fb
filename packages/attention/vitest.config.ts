import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // Every test file runs on the backend `initBackend()` picks (wasm here), with the kernel fixes registered.
    setupFiles: ['./vitest.setup.ts'],
    // One wasm heap per worker; two cores on the build machines.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 60_000,
  },
});
