import { diag, isSpanContextValid, ROOT_CONTEXT, trace, TraceFlags } from '@opentelemetry/api';
import type { Context } from '@opentelemetry/api';
import type { AnyValueMap, Logger } from '@opentelemetry/api-logs';
import type { Resource } from '@opentelemetry/resources';
import type { LoggerProvider, LogRecordExporter, LogRecordProcessor, ReadableLogRecord, SdkLogRecord } from '@opentelemetry/sdk-logs';
import { VERSION } from '@tokentrail/core';
import type { LedgerRow } from './ledger-row.js';
import type { LedgerSink } from './ledger-sink.js';
import { loadLogExporter } from '../init/exporter-loader.js';
import { DEFAULT_OTLP_PROTOCOL } from '../init/otlp-protocol.js';
import type { OtlpProtocol } from '../init/otlp-protocol.js';
import { serializeLedgerRow } from './serialize-row.js';

/**
 * Event name of the log record emitted for each ledger row.
 *
 * @example
 * ```ts
 * const costRows = records.filter((r) => r.eventName === COST_LOG_EVENT_NAME);
 * ```
 */
export const COST_LOG_EVENT_NAME = 'tokentrail.cost';

/** SeverityNumber.INFO, without loading the logs API for a constant. */
const SEVERITY_INFO = 9;

/**
 * Options of {@link OtlpLogLedgerSink}: where the records go.
 *
 * - `url`: where the OTLP exporter sends: the logs URL for OTLP/HTTP (`http://collector:4318/v1/logs`),
 *   the server address for gRPC (`http://collector:4317`).
 * - `protocol` (`http/protobuf`): `http/protobuf`, `http/json` or `grpc`, as for traces and metrics;
 *   the exporter package of that protocol is loaded on the first write.
 * - `exporter`: any `LogRecordExporter` instead (a test exporter, one configured by hand); wins over `url`.
 * - `headers`, `timeoutMillis` (5000): for the exporter built from `url` (gRPC: sent as metadata).
 * - `resource`: the resource the records carry (init passes the traces' resource).
 *
 * @example
 * ```ts
 * const options: OtlpLogSinkOptions = { url: 'http://localhost:4318/v1/logs', headers: { authorization: 'Bearer …' } };
 * ```
 */
export interface OtlpLogSinkOptions {
  url?: string;
  protocol?: OtlpProtocol;
  exporter?: LogRecordExporter;
  headers?: Record<string, string>;
  timeoutMillis?: number;
  resource?: Resource;
}

/** Takes the records emitted during one `write`, so the batch is exported as one request. */
class CollectingProcessor implements LogRecordProcessor {
  records: ReadableLogRecord[] = [];
  onEmit(record: SdkLogRecord): void {
    this.records.push(record);
  }
  forceFlush(): Promise<void> {
    return Promise.resolve();
  }
  shutdown(): Promise<void> {
    return Promise.resolve();
  }
}

interface Loaded {
  provider: LoggerProvider;
  logger: Logger;
  collector: CollectingProcessor;
  exporter: LogRecordExporter;
}

function contextOf(row: LedgerRow): Context | undefined {
  const traceId = row.extra?.trace_id;
  const spanId = row.extra?.span_id;
  if (typeof traceId !== 'string' || typeof spanId !== 'string') return undefined;
  const sc = { traceId, spanId, traceFlags: TraceFlags.SAMPLED };
  return isSpanContextValid(sc) ? trace.setSpanContext(ROOT_CONTEXT, sc) : undefined;
}

/** The row's fields as attributes (seed names); `null` fields are left out; `extra` is a map. */
function attributesOf(row: LedgerRow): AnyValueMap {
  const a: AnyValueMap = {
    timestamp: row.timestamp,
    provider: row.provider,
    model: row.model,
    role: row.role,
    caller: row.caller,
    input_tokens: row.input_tokens,
    output_tokens: row.output_tokens,
    cached_tokens: row.cached_tokens,
    cost_usd: row.cost_usd,
    duration_s: row.duration_s,
    cached: row.cached,
  };
  if (row.mesh_peer !== null) a.mesh_peer = row.mesh_peer;
  if (row.error_class !== null) a.error_class = row.error_class;
  const extra: AnyValueMap = {};
  for (const [k, v] of Object.entries(row.extra ?? {})) {
    if (typeof v === 'string' || typeof v === 'number' || typeof v === 'boolean') extra[k] = v;
  }
  a.extra = extra;
  return a;
}

/**
 * A ledger sink that emits each row as an OpenTelemetry log record, event name
 * `tokentrail.cost`: the row's fields as attributes, the JSONL line as body, the call's trace and
 * span ids set so a backend links the cost to its trace. A whole batch leaves as one export
 * request, and the write settles with that export's result, so the ledger processor's timeout and
 * drop counting apply to it. `@opentelemetry/sdk-logs` and the exporter are loaded on the first
 * write: an application that never turns cost logs on never loads them.
 *
 * Usually used as the secondary of a {@link TeeLedgerSink} (what `init({ costLogs: true })` builds),
 * so the JSONL file stays the ledger of record.
 *
 * @example
 * ```ts
 * const sink = new TeeLedgerSink(new JsonlFileSink('costs.jsonl'), new OtlpLogLedgerSink({ url: 'http://collector:4318/v1/logs' }));
 * ```
 */
export class OtlpLogLedgerSink implements LedgerSink {
  private _loaded: Promise<Loaded> | undefined;
  private _exported = 0;
  private _closed = false;

  constructor(private readonly _options: OtlpLogSinkOptions) {
    if (_options.exporter === undefined && _options.url === undefined) {
      throw new TypeError('tokentrail: OtlpLogLedgerSink needs a url or an exporter');
    }
  }

  /** Log records the exporter accepted. */
  get exportedRows(): number {
    return this._exported;
  }

  async write(rows: LedgerRow[]): Promise<void> {
    if (this._closed) throw Object.assign(new Error('tokentrail: cost log sink is closed'), { code: 'ECLOSED' });
    if (rows.length === 0) return;
    const s = await this._load();
    for (const row of rows) {
      let body: string;
      try {
        body = serializeLedgerRow(row);
      } catch {
        body = '';
      }
      s.logger.emit({
        eventName: COST_LOG_EVENT_NAME,
        timestamp: row.timestamp * 1000,
        severityNumber: SEVERITY_INFO,
        severityText: 'INFO',
        body,
        attributes: attributesOf(row),
        context: contextOf(row) ?? ROOT_CONTEXT,
      });
    }
    const records = s.collector.records;
    s.collector.records = [];
    await new Promise<void>((resolve, reject) => {
      s.exporter.export(records, (result) => {
        if (result.code === 0) resolve();
        else reject(result.error ?? Object.assign(new Error('tokentrail: cost log export failed'), { code: 'EEXPORT' }));
      });
    });
    this._exported += records.length;
  }

  async flush(): Promise<void> {
    if (this._loaded === undefined) return;
    const s = await this._loaded;
    await s.exporter.forceFlush?.();
  }

  async close(): Promise<void> {
    if (this._closed) return;
    this._closed = true;
    if (this._loaded === undefined) return;
    const s = await this._loaded;
    await s.provider.shutdown().catch((err: unknown) => diag.debug('tokentrail: cost log provider shutdown', err));
    await s.exporter.shutdown();
  }

  private _load(): Promise<Loaded> {
    this._loaded ??= (async (): Promise<Loaded> => {
      const { LoggerProvider } = await import('@opentelemetry/sdk-logs');
      let exporter = this._options.exporter;
      exporter ??= await loadLogExporter(this._options.protocol ?? DEFAULT_OTLP_PROTOCOL, {
        url: this._options.url!,
        headers: this._options.headers,
        timeoutMillis: this._options.timeoutMillis ?? 5_000,
      });
      const collector = new CollectingProcessor();
      const provider = new LoggerProvider({ resource: this._options.resource, processors: [collector] });
      return { provider, logger: provider.getLogger('@tokentrail/node', VERSION), collector, exporter };
    })();
    this._loaded.catch(() => (this._loaded = undefined));
    return this._loaded;
  }
}
