/**
 * Cold start: what importing the SDK costs a fresh process. Each sample is a new `node` process that
 * imports one entry point and reports the CPU time (user + system) the import took; contenders are
 * interleaved and the median is reported, so load on a shared machine hits all of them alike.
 *   - core:      import('@tokentrail/core') (built dist, as users get it)
 *   - langfuse:  import('@langfuse/tracing') (the peer the target compares to)
 *   - otel_api:  import('@opentelemetry/api') alone, the floor both pay
 */
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath, pathToFileURL } from 'node:url';

const root = fileURLToPath(new URL('..', import.meta.url));

// The child measures its own import; wall time would also count process start-up.
const PROBE = `
const t = process.cpuUsage(); const w = performance.now();
await import(process.argv[1]);
const u = process.cpuUsage(t);
process.stdout.write(JSON.stringify({ cpu: (u.user + u.system) / 1000, wall: performance.now() - w }));
`;

function sample(specifier: string): { cpu: number; wall: number } {
  const out = execFileSync(process.execPath, ['--input-type=module', '-e', PROBE, specifier], { cwd: root, encoding: 'utf8' });
  return JSON.parse(out) as { cpu: number; wall: number };
}

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}

/** Runs the import comparison; needs `npm run build` (it imports the published dist files). */
export async function runCoreImportBench(options: { samples?: number } = {}): Promise<Record<string, number | string>> {
  const samples = options.samples ?? 9;
  const coreDist = `${root}packages/core/dist/index.mjs`;
  if (!existsSync(coreDist)) return { skipped: 'run `npm run build` first (the cold-start bench imports dist files)' };
  const contenders: Record<string, string> = {
    core: pathToFileURL(coreDist).href,
    langfuse: '@langfuse/tracing',
    otel_api: '@opentelemetry/api',
  };
  const cpu: Record<string, number[]> = {};
  const wall: Record<string, number[]> = {};
  for (let i = 0; i < samples; i++) {
    for (const [name, spec] of Object.entries(contenders)) {
      const s = sample(spec);
      (cpu[name] ??= []).push(s.cpu);
      (wall[name] ??= []).push(s.wall);
    }
  }
  const out: Record<string, number | string> = {};
  for (const name of Object.keys(contenders)) {
    out[`import_${name}_cpu_ms`] = +median(cpu[name]!).toFixed(1);
    out[`import_${name}_wall_ms`] = +median(wall[name]!).toFixed(1);
  }
  out.core_vs_langfuse_cpu = +((out.import_core_cpu_ms as number) / (out.import_langfuse_cpu_ms as number)).toFixed(3);
  out.core_vs_langfuse_wall = +((out.import_core_wall_ms as number) / (out.import_langfuse_wall_ms as number)).toFixed(3);
  return out;
}
