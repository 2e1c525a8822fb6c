import { init } from '@tokentrail/node';

/** What the example needs back from telemetry setup. */
export interface Telemetry {
  shutdown(): Promise<void>;
}

/**
 * Telemetry in one call: tokentrail's `init()` reads the standard OTEL_* variables. With
 * OTEL_EXPORTER_OTLP_ENDPOINT set, spans and metrics go to that collector; without it the trace
 * is printed as a tree, and either way each call's cost row is appended to the JSONL ledger.
 *
 * @example
 * ```ts
 * const telemetry = setupTelemetry();
 * try { await ask(options); } finally { await telemetry.shutdown(); }
 * ```
 */
export function setupTelemetry(serviceName = 'tokentrail-example-openai-client'): Telemetry {
  return init({ serviceName });
}
