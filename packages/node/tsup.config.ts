import { defineConfig } from 'tsup';

// Dual ESM + CommonJS build with .d.ts/.d.cts, as every tokentrail package ships.
export default defineConfig({
  entry: ['src/index.ts'],
  format: ['esm', 'cjs'],
  dts: true,
  sourcemap: true,
  clean: true,
  target: 'node20',
  // The private kit is compiled into each package, never published or depended on at runtime.
  // zod/mini too: tree-shaken into the bundle, the options check costs a fraction of loading zod
  // (bench/cold-start-bench.ts); zod's MIT notice is kept in the banner.
  noExternal: [/^@tokentrail\/kit/, /^zod(\/|$)/],
  banner: { js: '/* Includes parts of zod (https://github.com/colinhacks/zod), MIT License, Copyright (c) 2025 Colin McDonnell. */' },
  outExtension: ({ format }) => ({ js: format === 'esm' ? '.mjs' : '.cjs' }),
});
