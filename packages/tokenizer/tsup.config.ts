import { defineConfig } from 'tsup';

export default defineConfig({
  entry: ['src/index.ts', 'src/cli.ts'],
  format: ['esm'],
  target: 'node20',
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  // The CLI's progress bar is bundled so the published package keeps zero runtime dependencies.
  noExternal: ['cli-progress'],
});
