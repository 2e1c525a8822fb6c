import { diag, DiagLogLevel } from '@opentelemetry/api';
import type { DiagLogger } from '@opentelemetry/api';

const VARS = [
  'OTEL_SDK_DISABLED', 'OTEL_EXPORTER_OTLP_ENDPOINT', 'OTEL_EXPORTER_OTLP_TRACES_ENDPOINT', 'OTEL_EXPORTER_OTLP_METRICS_ENDPOINT',
  'OTEL_EXPORTER_OTLP_HEADERS', 'OTEL_EXPORTER_OTLP_TIMEOUT', 'OTEL_EXPORTER_OTLP_TRACES_TIMEOUT', 'OTEL_EXPORTER_OTLP_METRICS_TIMEOUT',
  'OTEL_SERVICE_NAME', 'OTEL_RESOURCE_ATTRIBUTES', 'OTEL_TRACES_SAMPLER', 'OTEL_TRACES_SAMPLER_ARG', 'OTEL_BSP_MAX_QUEUE_SIZE',
  'OTEL_BSP_MAX_EXPORT_BATCH_SIZE', 'OTEL_BSP_SCHEDULE_DELAY', 'OTEL_BSP_EXPORT_TIMEOUT', 'OTEL_METRIC_EXPORT_INTERVAL',
  'OTEL_METRIC_EXPORT_TIMEOUT', 'OTEL_TRACES_EXPORTER', 'OTEL_METRICS_EXPORTER', 'OTEL_LOGS_EXPORTER', 'OTEL_LOG_LEVEL',
  'TOKENTRAIL_CONSOLE', 'TOKENTRAIL_LEDGER_PATH', 'OTEL_EXPORTER_OTLP_PROTOCOL', 'OTEL_EXPORTER_OTLP_TRACES_PROTOCOL',
  'TOKENTRAIL_COST_LOGS', 'OTEL_EXPORTER_OTLP_LOGS_ENDPOINT',
  'OTEL_EXPORTER_OTLP_METRICS_PROTOCOL', 'OTEL_PROPAGATORS', 'OTEL_EXPORTER_OTLP_TRACES_HEADERS', 'OTEL_EXPORTER_OTLP_METRICS_HEADERS',
  'OTEL_EXPORTER_OTLP_METRICS_TEMPORALITY_PREFERENCE',
];

/** Clears the variables init reads; returns a function restoring them. */
export function isolateEnv(): () => void {
  const saved = new Map(VARS.map((k) => [k, process.env[k]]));
  for (const k of VARS) delete process.env[k];
  return () => {
    for (const [k, v] of saved) {
      if (v === undefined) delete process.env[k];
      else process.env[k] = v;
    }
  };
}

/** A diag logger that keeps every message by level. */
export interface CapturedDiag {
  lines: Array<{ level: string; message: string }>;
  of(level: string): string[];
}

export function captureDiag(): CapturedDiag {
  const lines: Array<{ level: string; message: string }> = [];
  const log = (level: string) => (message: string) => {
    lines.push({ level, message });
  };
  const logger: DiagLogger = { error: log('error'), warn: log('warn'), info: log('info'), debug: log('debug'), verbose: log('verbose') };
  diag.setLogger(logger, { logLevel: DiagLogLevel.INFO, suppressOverrideMessage: true });
  return { lines, of: (level) => lines.filter((l) => l.level === level).map((l) => l.message) };
}

/** Collects what a console tree writes. */
export function memoryOutput(): { text: () => string; write(chunk: string): boolean } {
  let buf = '';
  return {
    text: () => buf,
    write(chunk: string) {
      buf += chunk;
      return true;
    },
  };
}

/**
 * The OpenTelemetry API globals registered right now, read from the API's global slot. Only
 * tests look there (to check that init registers and releases exactly its own); init itself
 * uses the setters' return values.
 */
export function registeredGlobals(): { trace: boolean; metrics: boolean; context: boolean; propagation: boolean } {
  const api = (globalThis as Record<symbol, Record<string, unknown> | undefined>)[Symbol.for('opentelemetry.js.api.1')];
  return {
    trace: api?.trace !== undefined,
    metrics: api?.metrics !== undefined,
    context: api?.context !== undefined,
    propagation: api?.propagation !== undefined,
  };
}
