import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // In-process tests run on the backend `initBackend()` picks (wasm here); CLI tests spawn the built bin.
    setupFiles: ['./vitest.setup.ts'],
    // One wasm heap per worker; two cores on the build machines.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
