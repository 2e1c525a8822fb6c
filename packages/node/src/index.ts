// Public surface of @tokentrail/node: setup, processors, the cost ledger and the audit writer.
// Every export is named here (no `export *`); the `tokentrail` CLI lives in @tokentrail/cli.

// Setup: init() (its own tracer and meter providers), the embedded console tree, and the pieces for apps that own their SDK.
export { init } from './init/init.js';
export type { InitOptions, ConsoleOutput } from './init/init-options.js';
export type { TokentrailHandle, InitStats } from './init/init-handle.js';
export type { OtlpProtocol } from './init/otlp-protocol.js';
export { tokentrailProcessors, tokentrailViews } from './init/tokentrail-processors.js';
export type { TokentrailProcessorsOptions } from './init/tokentrail-processors.js';
export { AttributionSpanProcessor } from './init/attribution-processor.js';
export { CostPreservingSampler } from './init/sampler.js';
export { ConsoleTreeExporter } from './console-tree-exporter.js';
export type { ConsoleTreeExporterOptions } from './console-tree-exporter.js';
export { provenanceDetector } from './init/resource.js';

// The cost ledger: one AttributionEvent-schema row per billable call, and where rows go.
export { LedgerSpanProcessor } from './ledger/ledger-span-processor.js';
export type { LedgerProcessorOptions } from './ledger/ledger-options.js';
export type { LedgerRow, LedgerRowExtra } from './ledger/ledger-row.js';
export type { LedgerSink } from './ledger/ledger-sink.js';
export { JsonlFileSink } from './ledger/jsonl-file-sink.js';
export { PartialWriteError } from './ledger/partial-write-error.js';
export { TeeLedgerSink } from './ledger/tee-ledger-sink.js';
export { OtlpLogLedgerSink } from './ledger/otlp-log-sink.js';
export type { OtlpLogSinkOptions } from './ledger/otlp-log-sink.js';
export { setDefaultLedgerSink } from './ledger/default-sink.js';
export { resolveLedgerPath, defaultLedgerPath } from './ledger/ledger-path.js';

// The audit stream (RSA run events, routing decisions) as JSONL.
export { JsonlAuditWriter } from './audit/jsonl-audit-writer.js';
export type { JsonlAuditWriterOptions } from './audit/jsonl-audit-writer.js';
export { resolveAuditPath } from './audit/audit-path.js';
