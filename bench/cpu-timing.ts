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

/** The one non-streamed Chat Completions response every per-call bench returns (no network). */
export const completion = {
  id: 'chatcmpl-bench',
  object: 'chat.completion',
  model: 'gpt-4o-mini-2024-07-18',
  choices: [{ index: 0, finish_reason: 'stop', message: { role: 'assistant', content: 'ok' } }],
  usage: { prompt_tokens: 120, completion_tokens: 30, prompt_tokens_details: { cached_tokens: 0 } },
};
