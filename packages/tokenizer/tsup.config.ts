import { defineConfig } from 'tsup';

export default defineConfig([
  {
    entry: ['src/index.ts'],
    format: ['esm'],
    target: 'node20',
    dts: true,
    sourcemap: true,
    clean: true,
  },
  {
    entry: ['src/cli.ts'],
    format: ['esm'],
    target: 'node20',
    sourcemap: true,
    // The CLI's progress bar is bundled so the published package keeps zero runtime dependencies; it is CommonJS
    // and requires Node built-ins, which an ESM bundle can only reach through createRequire.
    noExternal: ['cli-progress'],
    banner: { js: "import { createRequire } from 'node:module'; const require = createRequire(import.meta.url);" },
  },
]);
