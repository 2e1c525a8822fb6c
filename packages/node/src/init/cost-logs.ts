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
 * - `endpoint`: the full OTLP/HTTP logs URL; default `OTEL_EXPORTER_OTLP_LOGS_ENDPOINT`, else
 *   `<endpoint>/v1/logs` of init's `endpoint` or `OTEL_EXPORTER_OTLP_ENDPOINT`.
 * - `exporter`: a `LogRecordExporter` to use instead of http/json (protobuf, gRPC, a test exporter).
 * - `headers`: extra headers; default init's `headers`.
 * - `timeoutMillis` (5000): per export request.
 *
 * @example
 * ```ts
 * const costLogs: CostLogsOptions = { endpoint: 'http://collector:4318/v1/logs' };
 * ```
 */
export interface CostLogsOptions {
  endpoint?: string;
  exporter?: LogRecordExporter;
  headers?: Record<string, string>;
  timeoutMillis?: number;
}

/** What cost-log wiring reads from init's options. */
interface InitLike {
  endpoint?: string;
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

/**
 * The logs URL, the way the OTLP exporters derive a signal URL: explicit per-signal URL, else
 * `<base>/v1/logs` (explicit options win over the environment).
 */
function logsUrl(options: InitLike, costLogs: CostLogsOptions): string | undefined {
  if (costLogs.endpoint !== undefined) return costLogs.endpoint;
  const base = (b: string): string => `${b.endsWith('/') ? b : `${b}/`}v1/logs`;
  if (options.endpoint !== undefined) return base(options.endpoint);
  const signal = envUrl('OTEL_EXPORTER_OTLP_LOGS_ENDPOINT');
  if (signal !== undefined) return signal;
  const env = envUrl('OTEL_EXPORTER_OTLP_ENDPOINT');
  return env === undefined ? undefined : base(env);
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
  const url = logsUrl(options, costLogs);
  if (costLogs.exporter === undefined && url === undefined) {
    diag.warn('tokentrail: costLogs is on but no OTLP endpoint is configured; cost rows stay in the ledger only');
    return ledger;
  }
  const logs = new OtlpLogLedgerSink({
    url,
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
