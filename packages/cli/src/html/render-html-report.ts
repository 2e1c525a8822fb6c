import { readAuditLog, routingDecisionsFrom } from '@tokentrail/routing';
import type { RoutingDecisionEntry } from '@tokentrail/routing';
import { generateLedgerReport } from '../report/ledger-report.js';
import type { LedgerReport, LedgerReportOptions } from '../report/ledger-report.js';
import type { ReportRow } from '../report/aggregate-ledger.js';
import { summariseRsaAudit } from '../rsa/summarise-rsa-audit.js';
import type { RsaRunReport } from '../rsa/summarise-rsa-audit.js';
import { renderHtmlDocument } from './html-document.js';
import type { HtmlSection } from './html-document.js';
import { ledgerSection } from './ledger-section.js';
import { LedgerTimeline } from './ledger-timeline.js';
import { routingSection } from './routing-section.js';
import { rsaRunSection } from './rsa-section.js';

/**
 * What {@link renderHtmlReport} reads and shows.
 *
 * @example
 * ```ts
 * const options: HtmlReportOptions = {
 *   ledger: { path: 'costs.jsonl', by: 'model', since: Date.now() / 1000 - 7 * 86_400, creditUsd: 0.006 },
 *   traceUrl: 'http://localhost:16686/trace/{trace_id}',
 *   audit: { path: 'audit.jsonl' },
 * };
 * ```
 */
export interface HtmlReportOptions {
  /** The ledger to chart (the text report's options); `false` for an audit-only report. Default: the default ledger. */
  ledger?: LedgerReportOptions | false;
  /** An audit file: adds its RSA runs and its routing decisions. */
  audit?: {
    path: string;
    /** Include RSA runs (default true). */
    rsa?: boolean;
    /** Include routing decisions (default true). */
    routing?: boolean;
    /** Only this RSA run. */
    runId?: string;
    /** The RSA task's expected answer: adds accuracy and pass@N. */
    expected?: string;
    /** At most this many RSA runs, the latest (default 5). */
    maxRuns?: number;
  };
  /** Link template for trace ids; `{trace_id}` is replaced. */
  traceUrl?: string;
  /** Most expensive traces listed (default 20). */
  top?: number;
  /** Page title (default "tokentrail report"). */
  title?: string;
}

/** Everything a built report saw, for a caller that reports counts (the CLI). */
export interface BuiltHtmlReport {
  html: string;
  ledger?: LedgerReport;
  auditInvalidLines: number;
  rsaRuns: RsaRunReport[];
  rsaInvalidRecords: number;
  decisions: RoutingDecisionEntry[];
}

/** {@link renderHtmlReport} with the counts; `onRow` sees every valid ledger row (progress). */
export async function buildHtmlReport(options: HtmlReportOptions, onRow?: (row: ReportRow, inWindow: boolean) => void): Promise<BuiltHtmlReport> {
  const sections: HtmlSection[] = [];
  const built: BuiltHtmlReport = { html: '', auditInvalidLines: 0, rsaRuns: [], rsaInvalidRecords: 0, decisions: [] };
  const subtitle: string[] = [];
  if (options.ledger !== false) {
    const ledgerOptions = options.ledger ?? {};
    const timeline = new LedgerTimeline({ by: ledgerOptions.by ?? 'model' });
    const report = await generateLedgerReport({
      ...ledgerOptions,
      onRow: (row, inWindow) => {
        if (inWindow) timeline.add(row);
        ledgerOptions.onRow?.(row, inWindow);
        onRow?.(row, inWindow);
      },
    });
    built.ledger = report;
    sections.push(ledgerSection(report, timeline, { traceUrl: options.traceUrl, top: options.top }));
    subtitle.push(`ledger ${report.ledger}`);
  }
  const audit = options.audit;
  if (audit !== undefined) {
    const scan = await readAuditLog(audit.path);
    built.auditInvalidLines = scan.invalidLines;
    subtitle.push(`audit ${audit.path}`);
    if (audit.rsa !== false) {
      const summary = summariseRsaAudit(scan.records, { expected: audit.expected });
      built.rsaInvalidRecords = summary.invalidRecords;
      let runs = summary.runs;
      if (audit.runId !== undefined) runs = runs.filter((r) => r.runId === audit.runId);
      else runs = runs.slice(-(audit.maxRuns ?? 5));
      built.rsaRuns = runs;
      runs.forEach((run, i) => sections.push(rsaRunSection(run, i)));
    }
    if (audit.routing !== false) {
      built.decisions = routingDecisionsFrom(scan.records);
      if (built.decisions.length > 0 || audit.rsa === false) sections.push(routingSection(built.decisions));
    }
  }
  subtitle.push(`generated ${new Date().toISOString().replace(/\.\d+Z$/, 'Z')}`);
  built.html = renderHtmlDocument(options.title ?? 'tokentrail report', subtitle.join(' · '), sections);
  return built;
}

/**
 * One self-contained HTML report (charts inlined, no network needed to view it) over a cost
 * ledger and optionally an audit file: cost over time stacked by the `by` column, tokens, latency
 * p50/p95 and error rate per group, unpriced calls called out, revenue and margin with a credit
 * price, the most expensive traces (linked with `traceUrl`), RSA runs (agreement, accuracy,
 * tokens and cost per round, aggregation graph) and routing decisions. The ledger is streamed:
 * memory depends on groups and time buckets, not rows.
 *
 * @example
 * ```ts
 * import { writeFileSync } from 'node:fs';
 * import { renderHtmlReport } from '@tokentrail/cli';
 *
 * writeFileSync('report.html', await renderHtmlReport({ ledger: { path: 'costs.jsonl', by: 'caller' } }));
 * ```
 */
export async function renderHtmlReport(options: HtmlReportOptions = {}): Promise<string> {
  return (await buildHtmlReport(options)).html;
}
