import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  target: 'node20',
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  // The build script puts the compiled addon in dist/native after tsup has run; tsup's clean would delete it.
  clean: true,
  // tfjs stays external: exactly one @tensorflow/tfjs-core may exist at run time.
  external: [/^@tensorflow\//],
});
