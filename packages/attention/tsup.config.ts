import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm'],
  target: 'node20',
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  // tfjs stays external: exactly one @tensorflow/tfjs-core may exist at run time. @napi-rs/canvas is a native addon
  // (a prebuilt binary per platform, from npm) and must be required from node_modules.
  external: [/^@tensorflow\//, /^@bert\//, /^@napi-rs\//, /^d3-/],
});
