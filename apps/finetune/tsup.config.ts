import { defineConfig } from 'tsup';

export default defineConfig({
  entry: { index: 'src/index.ts', cli: 'src/cli.ts' },
  format: ['esm'],
  target: 'node20',
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  // tfjs stays external: exactly one @tensorflow/tfjs-core may exist at run time; the packages are workspace deps.
  external: [/^@tensorflow\//, /^@bert\//, 'commander'],
});
