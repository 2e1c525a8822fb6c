import { defineConfig } from 'tsup';

// Dual ESM + CommonJS build with .d.ts/.d.cts, plus the `tokentrail` binary (dist/bin.cjs).
export default defineConfig({
  entry: ['src/index.ts', 'src/bin.ts'],
  format: ['esm', 'cjs'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'node20',
  noExternal: [/^@tokentrail\/kit/],
  outExtension: ({ format }) => ({ js: format === 'esm' ? '.mjs' : '.cjs' }),
});
