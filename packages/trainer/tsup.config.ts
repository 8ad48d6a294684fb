import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  target: 'node20',
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  // tfjs stays external: exactly one @tensorflow/tfjs-core may exist at run time. uPlot is read from node_modules
  // when a report is written, so it stays external too.
  external: [/^@tensorflow\//, /^@bert\//, 'cli-progress', 'uplot'],
});
