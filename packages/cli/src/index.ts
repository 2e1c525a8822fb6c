// @tokentrail/cli: the `tokentrail` command as a function, for tests and for tools that embed it.
// The library packages carry none of this on their public surfaces.
export { runCli, CLI_USAGE } from './cli/run-cli.js';
export type { CliIo } from './cli/cli-io.js';
export { generateLedgerReport } from './report/ledger-report.js';
export type { LedgerReport, LedgerReportOptions } from './report/ledger-report.js';
export { formatLedgerReport, REPORT_FORMATS } from './report/format-report.js';
export type { ReportFormat } from './report/format-report.js';
export { REPORT_GROUP_BY } from './report/aggregate-ledger.js';
export type { ReportGroup, ReportGroupBy, ReportRow } from './report/aggregate-ledger.js';
export { renderHtmlReport } from './html/render-html-report.js';
export type { HtmlReportOptions } from './html/render-html-report.js';
export { summariseRsaAudit } from './rsa/summarise-rsa-audit.js';
export type { RsaAuditSummary, RsaRunReport, RsaRoundReport, RsaGraphNode, RsaSummaryOptions } from './rsa/summarise-rsa-audit.js';
export type { FormatReportOptions } from './report/format-report.js';
