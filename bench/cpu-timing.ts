import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';

/** A span exporter that only counts: the benches measure instrumentation, not export. */
export class NoopExporter implements SpanExporter {
  exported = 0;
  export(spans: ReadableSpan[], done: (r: { code: number }) => void): void {
    this.exported += spans.length;
    done({ code: 0 });
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

/** CPU time (user + system) per call in ns: steadier than wall time on a machine shared with other work. */
export async function timeIt(fn: () => Promise<unknown>, n: number): Promise<number> {
  const start = process.cpuUsage();
  for (let i = 0; i < n; i++) await fn();
  const used = process.cpuUsage(start);
  return ((used.user + used.system) * 1000) / n;
}

export function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.floor(s.length / 2)]!;
}
