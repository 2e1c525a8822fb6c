export {};
// Audit stream: JSONL writer (seed 001 semantics) and routing-decision queries (seed 002).
export { JsonlAuditWriter } from './audit/jsonl-audit-writer.js';
export type { JsonlAuditWriterOptions } from './audit/jsonl-audit-writer.js';
export { resolveAuditPath, AUDIT_PATH_ENV } from './audit/audit-path.js';
export { readAuditLog, parseAuditLog, AuditLogNotFoundError } from './audit/read-audit-log.js';
export type { AuditLogScan } from './audit/read-audit-log.js';
export {
  loadRoutingDecisions,
  routingDecisionsFrom,
  routingHistory,
  agentRoutingStats,
  allAgentRoutingStats,
  exportRoutingLog,
  involvesAgent,
  sinceBound,
} from './audit/routing-queries.js';
export type { RoutingDecisionEntry, AgentRoutingStats, RoutingHistoryQuery } from './audit/routing-queries.js';
export { routingCommand, ROUTING_USAGE } from './cli/routing-command.js';
// Setup: init() (its own tracer and meter providers), the embedded console tree, and the pieces for apps that own their SDK.
export { init } from './init/init.js';
export type { InitOptions, ConsoleOutput, InstrumentationLike } from './init/init-options.js';
export { OTLP_PROTOCOLS, DEFAULT_OTLP_PROTOCOL } from './init/otlp-protocol.js';
export type { OtlpProtocol } from './init/otlp-protocol.js';
export type { TokentrailHandle, InitStats } from './init/init-handle.js';
export type { ExportCounts } from './init/export-failure-reporter.js';
export { tokentrailProcessors, tokentrailViews } from './init/tokentrail-processors.js';
export type { TokentrailProcessorsOptions } from './init/tokentrail-processors.js';
export { AttributionSpanProcessor } from './init/attribution-processor.js';
export { CostPreservingSampler, samplerFromName, SAMPLER_NAMES } from './init/sampler.js';
export type { SamplerName } from './init/sampler.js';
export { ConsoleTreeExporter } from './console-tree-exporter.js';
export { ConsoleTreeProcessor } from './init/console-tree-processor.js';
export type { ConsoleTreeExporterOptions } from './console-tree-exporter.js';
export { renderTraceTree } from './init/trace-tree-format.js';
export { provenanceDetector, buildResource, ATTR_VCS_REF_HEAD_REVISION, ATTR_VCS_REF_HEAD_NAME } from './init/resource.js';
export { CONSOLE_ENV } from './init/env-config.js';
// Cost ledger (JSONL span processor, sinks) and the `tokentrail report` CLI.
export { LedgerSpanProcessor } from './ledger/ledger-span-processor.js';
export type { LedgerProcessorOptions } from './ledger/ledger-options.js';
export { LEDGER_ROW_KEYS } from './ledger/ledger-row.js';
export type { LedgerRow, LedgerRowExtra } from './ledger/ledger-row.js';
export { NullLedgerSink } from './ledger/ledger-sink.js';
export type { LedgerSink } from './ledger/ledger-sink.js';
export { JsonlFileSink } from './ledger/jsonl-file-sink.js';
export { setDefaultLedgerSink, getDefaultLedgerSink } from './ledger/default-sink.js';
export { resolveLedgerPath, defaultLedgerPath, LEDGER_PATH_ENV } from './ledger/ledger-path.js';
export { spanToLedgerRow, isBillableSpan } from './ledger/span-to-row.js';
export { serializeLedgerRow } from './ledger/serialize-row.js';
export { generateLedgerReport } from './report/ledger-report.js';
export type { LedgerReport, LedgerReportOptions } from './report/ledger-report.js';
export { formatLedgerReport, REPORT_FORMATS } from './report/format-report.js';
export type { ReportFormat } from './report/format-report.js';
export { REPORT_GROUP_BY } from './report/aggregate-ledger.js';
export type { ReportGroup, ReportGroupBy, ReportRow } from './report/aggregate-ledger.js';
export { scanLedger, isReportRow, LedgerNotFoundError } from './report/read-ledger.js';
export type { ScanStats } from './report/read-ledger.js';
export { QuantileSketch } from './report/quantile-sketch.js';
export { reportCommand, REPORT_USAGE } from './cli/report-command.js';
export { runCli, CLI_USAGE } from './cli/run-cli.js';
export type { CliIo } from './cli/cli-io.js';
