/**
 * The OTLP transport protocols of the OpenTelemetry exporter specification.
 *
 * @example
 * ```ts
 * OTLP_PROTOCOLS.includes('grpc'); // true
 * ```
 */
export const OTLP_PROTOCOLS = ['http/protobuf', 'http/json', 'grpc'] as const;

/**
 * One of {@link OTLP_PROTOCOLS}.
 *
 * @example
 * ```ts
 * const protocol: OtlpProtocol = 'http/protobuf';
 * ```
 */
export type OtlpProtocol = (typeof OTLP_PROTOCOLS)[number];

/**
 * tokentrail's default protocol, the specification's default: OTLP/HTTP with protobuf bodies,
 * which every OTLP backend takes (some, such as Phoenix and MLflow, take nothing else).
 *
 * @example
 * ```ts
 * init({ endpoint: 'http://collector:4318' }); // sends application/x-protobuf
 * ```
 */
export const DEFAULT_OTLP_PROTOCOL: OtlpProtocol = 'http/protobuf';

/** The signals init exports over OTLP (logs: the cost log records). */
export type OtlpSignal = 'traces' | 'metrics' | 'logs';

/**
 * True for one of {@link OTLP_PROTOCOLS}.
 *
 * @example
 * ```ts
 * isOtlpProtocol('http/protobuf'); // true
 * isOtlpProtocol('http');          // false
 * ```
 */
export function isOtlpProtocol(value: unknown): value is OtlpProtocol {
  return typeof value === 'string' && (OTLP_PROTOCOLS as readonly string[]).includes(value);
}

/** The endpoint the specification defaults to when `otlp` export is chosen without one. */
export function defaultEndpoint(protocol: OtlpProtocol): string {
  return protocol === 'grpc' ? 'http://localhost:4317' : 'http://localhost:4318';
}

/**
 * The URL an exporter sends one signal to, by the specification's rules: a per-signal endpoint is
 * used as is; for OTLP/HTTP a base endpoint gets `v1/traces` or `v1/metrics` appended to its path;
 * for gRPC the base endpoint is the server address and is used as is.
 *
 * @example
 * ```ts
 * signalEndpoint('http/protobuf', 'traces', { base: 'http://collector:4318' }); // 'http://collector:4318/v1/traces'
 * signalEndpoint('grpc', 'traces', { base: 'http://collector:4317' });         // 'http://collector:4317/'
 * ```
 */
export function signalEndpoint(protocol: OtlpProtocol, signal: OtlpSignal, endpoints: { signal?: string; base?: string }): string | undefined {
  if (endpoints.signal !== undefined) return new URL(endpoints.signal).href;
  if (endpoints.base === undefined) return undefined;
  if (protocol === 'grpc') return new URL(endpoints.base).href;
  const base = endpoints.base.endsWith('/') ? endpoints.base : `${endpoints.base}/`;
  return new URL(`${base}v1/${signal}`).href;
}

/**
 * The warning for a base endpoint that already ends in a signal path (a common mix-up of
 * `OTEL_EXPORTER_OTLP_ENDPOINT` with `OTEL_EXPORTER_OTLP_TRACES_ENDPOINT`), or undefined.
 */
export function doubledPathWarning(protocol: OtlpProtocol, base: string | undefined, source: string): string | undefined {
  if (base === undefined || protocol === 'grpc') return undefined;
  const path = new URL(base).pathname.replace(/\/+$/, '');
  const tail = ['/v1/traces', '/v1/metrics', '/v1/logs'].find((p) => path.endsWith(p));
  if (tail === undefined) return undefined;
  return (
    `tokentrail: ${source} (${base}) ends in ${tail}, but it is a base endpoint: the signal path is appended to it ` +
    `(traces go to ${signalEndpoint(protocol, 'traces', { base })}). Give the base URL without ${tail}, or set the per-signal ` +
    'endpoint (OTEL_EXPORTER_OTLP_TRACES_ENDPOINT / tracesEndpoint), which is used as is'
  );
}
