/* global performance, process, console */
// One cold start of tokentrail: import, init() with OTLP export (default protocol), one span,
// shutdown (final export). Prints the milliseconds from before the import to after shutdown.
// argv: <collector base URL> <ledger path>
const started = performance.now();
const { trace } = await import('@opentelemetry/api');
const { init } = await import('@tokentrail/node');
const handle = init({ endpoint: process.argv[2], ledger: { path: process.argv[3] }, console: 'none' });
trace.getTracer('cold-start').startSpan('first').end();
await handle.shutdown();
const spans = handle.stats().spans;
if (spans?.exported !== 1) throw new Error(`expected 1 exported span, got ${JSON.stringify(spans)}`);
console.log(JSON.stringify({ ms: performance.now() - started }));
