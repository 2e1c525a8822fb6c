import { copyFileSync, mkdirSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { defineConfig } from 'tsup';

const require = createRequire(import.meta.url);

// Dual ESM + CommonJS build with .d.ts/.d.cts, plus the `tokentrail` binary (dist/bin.cjs, run
// by bin/tokentrail.cjs). The HTML report inlines ECharts: its browser bundle and licence are
// copied to dist/vendor, so an installed CLI needs no echarts package (see src/html/echarts-script.ts).
export default defineConfig({
  entry: ['src/index.ts', 'src/bin.ts'],
  format: ['esm', 'cjs'],
  dts: { entry: 'src/index.ts' },
  sourcemap: true,
  clean: true,
  target: 'node20',
  // import.meta.url in the CommonJS output (echarts-script.ts finds dist/vendor with it).
  shims: true,
  noExternal: [/^@tokentrail\/kit/],
  outExtension: ({ format }) => ({ js: format === 'esm' ? '.mjs' : '.cjs' }),
  onSuccess: async () => {
    const script = require.resolve('echarts/dist/echarts.min.js');
    mkdirSync('dist/vendor', { recursive: true });
    copyFileSync(script, 'dist/vendor/echarts.min.js');
    copyFileSync(join(dirname(script), '..', 'LICENSE'), 'dist/vendor/echarts.LICENSE');
  },
});
