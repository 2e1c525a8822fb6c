import { existsSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

let cached: string | undefined;

/**
 * The minified Apache ECharts browser bundle, as text to inline into a report. The built package
 * carries its own copy (dist/vendor/echarts.min.js, copied by tsup at build time, so an installed
 * CLI needs no echarts package); run from sources (tests, `npx tokentrail` before a build) it is
 * read from the workspace's node_modules, pinned by the lockfile.
 */
export function echartsScript(): string {
  if (cached !== undefined) return cached;
  const here = dirname(fileURLToPath(import.meta.url));
  const vendored = join(here, 'vendor', 'echarts.min.js');
  const path = existsSync(vendored) ? vendored : createRequire(import.meta.url).resolve('echarts/dist/echarts.min.js');
  cached = readFileSync(path, 'utf8');
  return cached;
}
