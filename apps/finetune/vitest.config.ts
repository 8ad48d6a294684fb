import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts', 'test/**/*.test.ts'],
    // In-process tests run on the backend `initBackend()` picks (wasm here), as the CLI does.
    setupFiles: ['./vitest.setup.ts'],
    // One wasm heap per worker; two cores on the build machines.
    pool: 'forks',
    poolOptions: { forks: { maxForks: 2, minForks: 1 } },
    testTimeout: 300_000,
    hookTimeout: 300_000,
  },
});
