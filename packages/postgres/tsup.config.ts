import { defineConfig } from 'tsup';

// Dual ESM + CommonJS build with .d.ts/.d.cts, as every tokentrail package ships.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  outExtension: ({ format }) => ({ js: format === 'esm' ? '.mjs' : '.cjs' }),
  // The private kit is compiled into each package, never published or depended on at runtime.
  noExternal: [/^@tokentrail\/kit/],
});
