import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/bin/doctor.ts'],
  format: ['esm'],
  target: 'node20',
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  // tfjs stays external: exactly one @tensorflow/tfjs-core may exist at run time.
  external: [/^@tensorflow\//],
});
