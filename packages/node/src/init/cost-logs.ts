import { diag } from '@opentelemetry/api';
import type { Resource } from '@opentelemetry/resources';
import type { LogRecordExporter } from '@opentelemetry/sdk-logs';
import { getDefaultLedgerSink } from '../ledger/default-sink.js';
import { JsonlFileSink } from '../ledger/jsonl-file-sink.js';
import type { LedgerProcessorOptions } from '../ledger/ledger-options.js';
import type { LedgerSink } from '../ledger/ledger-sink.js';
import { OtlpLogLedgerSink } from '../ledger/otlp-log-sink.js';
import { TeeLedgerSink } from '../ledger/tee-ledger-sink.js';
import { isHttpUrl } from './options-schema.js';
import { DEFAULT_OTLP_PROTOCOL, isOtlpProtocol, signalEndpoint } from './otlp-protocol.js';
import type { OtlpProtocol } from './otlp-protocol.js';

/**
 * Environment variable that turns cost log records on (`true`/`1`) or off (`false`/`0`) when the
 * `costLogs` option is not given.
 *
 * @example
 * ```sh
 * TOKENTRAIL_COST_LOGS=true OTEL_EXPORTER_OTLP_ENDPOINT=http://collector:4318 node app.js
 * ```
 */
export const COST_LOGS_ENV = 'TOKENTRAIL_COST_LOGS';

/**
 * The object form of `init({ costLogs })`.
 *
 * - `endpoint`: the logs endpoint, used as is (OTLP/HTTP: the full `/v1/logs` URL; gRPC: the server
 *   address); default `<endpoint>/v1/logs` of init's `endpoint` (gRPC: the endpoint itself), else
 *   `OTEL_EXPORTER_OTLP_LOGS_ENDPOINT`, else the same from `OTEL_EXPORTER_OTLP_ENDPOINT`.
 * - `protocol`: `http/protobuf` (default), `http/json` or `grpc`; default init's `protocol`, else
 *   `OTEL_EXPORTER_OTLP_LOGS_PROTOCOL`, else `OTEL_EXPORTER_OTLP_PROTOCOL`, as for traces and metrics.
 * - `exporter`: a `LogRecordExporter` to use as is instead (a test exporter, one built by hand).
 * - `headers`: extra headers (gRPC: metadata); default init's `headers`.
 * - `timeoutMillis` (5000): per export request.
 *
 * @example
 * ```ts
 * const costLogs: CostLogsOptions = { endpoint: 'http://collector:4318/v1/logs' };
 * ```
 */
export interface CostLogsOptions {
  endpoint?: string;
  protocol?: OtlpProtocol;
  exporter?: LogRecordExporter;
  headers?: Record<string, string>;
  timeoutMillis?: number;
}

/** What cost-log wiring reads from init's options. */
interface InitLike {
  endpoint?: string;
  protocol?: OtlpProtocol;
  headers?: Record<string, string>;
  costLogs?: boolean | CostLogsOptions;
  ledger?: LedgerProcessorOptions | false;
}

function envFlag(): boolean | undefined {
  const v = process.env[COST_LOGS_ENV]?.trim().toLowerCase();
  if (v === undefined || v === '') return undefined;
  if (v === 'true' || v === '1') return true;
  if (v === 'false' || v === '0') return false;
  diag.warn(`tokentrail: ignoring ${COST_LOGS_ENV}=${JSON.stringify(v)} (expected true or false)`);
  return undefined;
}

function envUrl(name: string): string | undefined {
  const v = process.env[name]?.trim();
  if (v === undefined || v === '') return undefined;
  if (isHttpUrl(v)) return v;
  diag.warn(`tokentrail: ignoring ${name} for cost logs: not an http(s) URL`);
  return undefined;
}

function envProtocol(name: string): OtlpProtocol | undefined {
  const v = process.env[name]?.trim();
  if (v === undefined || v === '') return undefined;
  if (isOtlpProtocol(v)) return v;
  diag.warn(`tokentrail: ignoring ${name}=${JSON.stringify(v)} for cost logs (expected http/protobuf, http/json or grpc)`);
  return undefined;
}

/** The logs protocol, chosen the way init chooses the traces' and metrics' (option, per-signal variable, general variable). */
function logsProtocol(options: InitLike, costLogs: CostLogsOptions): OtlpProtocol {
  return (
    costLogs.protocol ??
    options.protocol ??
    envProtocol('OTEL_EXPORTER_OTLP_LOGS_PROTOCOL') ??
    envProtocol('OTEL_EXPORTER_OTLP_PROTOCOL') ??
    DEFAULT_OTLP_PROTOCOL
  );
}

/**
 * The logs URL, the way the OTLP exporters derive a signal URL: explicit per-signal URL as is, else
 * the base endpoint with `v1/logs` appended (OTLP/HTTP) or as is (gRPC); explicit options win over
 * the environment.
 */
function logsUrl(options: InitLike, costLogs: CostLogsOptions, protocol: OtlpProtocol): string | undefined {
  if (costLogs.endpoint !== undefined) return costLogs.endpoint;
  if (options.endpoint !== undefined) return signalEndpoint(protocol, 'logs', { base: options.endpoint });
  const signal = envUrl('OTEL_EXPORTER_OTLP_LOGS_ENDPOINT');
  if (signal !== undefined) return signal;
  return signalEndpoint(protocol, 'logs', { base: envUrl('OTEL_EXPORTER_OTLP_ENDPOINT') });
}

/**
 * The ledger processor options with cost log records teed in, when `costLogs` (or
 * `TOKENTRAIL_COST_LOGS`) asks for them: the ledger's own sink (the given one, the JSONL file at
 * `path`, or the process-wide default looked up per batch) stays the ledger of record and an
 * {@link OtlpLogLedgerSink} receives the same batches. Unchanged when cost logs are off or the
 * ledger is. With no logs endpoint anywhere, one warning and no log sink.
 *
 * @example
 * ```ts
 * const processor = new LedgerSpanProcessor(withCostLogs(options, resource));
 * ```
 */
export function withCostLogs(options: InitLike, resource: Resource): LedgerProcessorOptions {
  const ledger = options.ledger === false ? {} : (options.ledger ?? {});
  const flag = options.costLogs ?? envFlag() ?? false;
  if (flag === false || ledger.path === false) return ledger;
  const costLogs: CostLogsOptions = flag === true ? {} : flag;
  const protocol = logsProtocol(options, costLogs);
  const url = logsUrl(options, costLogs, protocol);
  if (costLogs.exporter === undefined && url === undefined) {
    diag.warn('tokentrail: costLogs is on but no OTLP endpoint is configured; cost rows stay in the ledger only');
    return ledger;
  }
  const logs = new OtlpLogLedgerSink({
    url,
    protocol,
    exporter: costLogs.exporter,
    headers: costLogs.headers ?? options.headers,
    timeoutMillis: costLogs.timeoutMillis,
    resource,
  });
  const primary: LedgerSink | (() => LedgerSink) =
    ledger.sink ?? (typeof ledger.path === 'string' ? new JsonlFileSink(ledger.path) : () => getDefaultLedgerSink());
  const { path: _path, ...rest } = ledger;
  return { ...rest, sink: new TeeLedgerSink(primary, logs) };
}
