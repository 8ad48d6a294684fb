import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { cli: 'src/cli.ts' },
  format: ['esm'],
  target: 'node20',
  sourcemap: true,
  clean: true,
  // tfjs stays external: exactly one @tensorflow/tfjs-core may exist at run time; the packages are workspace deps.
  external: [/^@tensorflow\//, /^@bert\//],
});
