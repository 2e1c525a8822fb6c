import { diag } from '@opentelemetry/api';
import { ExportResultCode } from '@opentelemetry/core';
import type { ExportResult } from '@opentelemetry/core';
import type { ReadableSpan, SpanExporter } from '@opentelemetry/sdk-trace-base';
import { afterEach, describe, expect, it } from 'vitest';
import { ExportFailureReporter, exportErrorReason } from '../../src/init/export-failure-reporter.js';
import { GuardedSpanExporter } from '../../src/init/export-guard.js';
import { captureDiag } from './helpers/test-env.js';

const URL = 'http://127.0.0.1:4318/v1/traces';
const spans = (n: number) => Array.from({ length: n }, () => ({}) as ReadableSpan);

class ScriptedExporter implements SpanExporter {
  constructor(private readonly results: Array<ExportResult | 'throw'>) {}
  export(_spans: ReadableSpan[], done: (r: ExportResult) => void): void {
    const next = this.results.shift() ?? { code: ExportResultCode.SUCCESS };
    if (next === 'throw') throw new Error('serialiser blew up');
    done(next);
  }
  shutdown(): Promise<void> {
    return Promise.reject(new Error('shutdown failed'));
  }
}

const refused = Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:4318'), { code: 'ECONNREFUSED' });

describe('GuardedSpanExporter', () => {
  afterEach(() => diag.disable());

  it('reports a failure burst once with the count, then counts silently, then reports recovery', () => {
    const log = captureDiag();
    const guard = new GuardedSpanExporter(
      new ScriptedExporter([
        { code: ExportResultCode.FAILED, error: refused },
        { code: ExportResultCode.FAILED, error: refused },
        'throw',
        { code: ExportResultCode.SUCCESS },
      ]),
      new ExportFailureReporter('span', URL),
    );
    const results: number[] = [];
    for (const n of [512, 512, 3, 7]) guard.export(spans(n), (r) => results.push(r.code));
    // the caller always hears SUCCESS, so the batch processor does not log each failure again
    expect(results).toEqual([0, 0, 0, 0]);
    expect(log.of('warn')).toEqual([
      `tokentrail: 512 spans could not be exported to ${URL} (ECONNREFUSED); further failures are counted silently until an export succeeds`,
    ]);
    expect(log.of('info')).toEqual([`tokentrail: export to ${URL} recovered; 1027 spans could not be exported while it failed`]);
    expect(guard.reporter.counts()).toEqual({ exported: 7, failed: 1027, failedExports: 3, dropped: 0 });
  });

  it('sums up every loss at shutdown (failed exports and drops) and swallows the inner shutdown error', async () => {
    const log = captureDiag();
    const guard = new GuardedSpanExporter(
      new ScriptedExporter([{ code: ExportResultCode.FAILED }, { code: ExportResultCode.SUCCESS }]),
      new ExportFailureReporter('span', URL),
    );
    guard.export(spans(1), () => undefined);
    guard.export(spans(4), () => undefined);
    guard.reporter.dropped(2, 'export queue full');
    guard.reporter.dropped(3, 'export queue full');
    await expect(guard.shutdown()).resolves.toBeUndefined();
    expect(log.of('warn')).toEqual([
      `tokentrail: 1 span could not be exported to ${URL} (unknown error); further failures are counted silently until an export succeeds`,
      `tokentrail: 2 spans for ${URL} dropped (export queue full); further drops are counted silently and reported in stats() and at shutdown`,
      `tokentrail: 6 spans not exported to ${URL} since init: 1 in 1 failed export, 5 dropped before export (queue full or shut down); 4 exported`,
    ]);
    expect(guard.reporter.counts()).toEqual({ exported: 4, failed: 1, failedExports: 1, dropped: 5 });
    expect(log.of('error')[0]).toContain('exporter shutdown failed');
  });
});

describe('exportErrorReason', () => {
  it('names network codes, HTTP statuses, aggregate errors and messages', () => {
    expect(exportErrorReason(refused)).toBe('ECONNREFUSED');
    expect(exportErrorReason(Object.assign(new Error('Internal Server Error'), { code: 500 }))).toBe('HTTP 500 Internal Server Error');
    expect(exportErrorReason(new AggregateError([refused], ''))).toBe('ECONNREFUSED');
    expect(exportErrorReason(new Error('Request timed out'))).toBe('Request timed out');
    expect(exportErrorReason(undefined)).toBe('unknown error');
  });
});
