import { defineConfig } from 'vitest/config';

export default defineConfig({
  test: {
    include: ['src/**/*.test.ts'],
    // One wasm heap per worker; two cores on the build machines.
    pool: 'forks',
    testTimeout: 60_000,
  },
});
