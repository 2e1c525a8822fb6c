import { diag, DiagConsoleLogger } from '@opentelemetry/api';
import { diagLogLevelFromString } from '@opentelemetry/core';
import { configure, configurePricing } from '@tokentrail/core';
import type { CoreSettings } from '@tokentrail/core';
import { readEnvConfig } from './env-config.js';
import { disabledHandle, InitHandle } from './init-handle.js';
import type { TokentrailHandle } from './init-handle.js';
import type { InitOptions } from './init-options.js';
import { parseInitOptions } from './options-schema.js';
import { buildPipeline } from './pipeline.js';
import { startProviders } from './providers.js';
import { resolveConfig } from './resolve-config.js';

let active: TokentrailHandle | undefined;

function applyCoreSettings(options: InitOptions): void {
  const settings: Partial<CoreSettings> = {};
  if (options.captureContent !== undefined) settings.captureContent = options.captureContent;
  if (options.redact !== undefined) settings.redact = options.redact;
  if (options.semconv !== undefined) settings.semconv = options.semconv;
  if (options.profiles !== undefined) settings.profiles = options.profiles;
  if (options.maxContentLength !== undefined) settings.maxContentLength = options.maxContentLength;
  if (Object.keys(settings).length > 0) configure(settings);
  if (options.pricing !== undefined) configurePricing(options.pricing);
}

/** OTEL_LOG_LEVEL, as the OpenTelemetry SDKs apply it: a console diag logger at that level. */
function applyLogLevel(): void {
  const level = process.env.OTEL_LOG_LEVEL?.trim();
  if (level === undefined || level === '') return;
  diag.setLogger(new DiagConsoleLogger(), { logLevel: diagLogLevelFromString(level) });
}

/**
 * Sets up OpenTelemetry for the process with tokentrail's defaults and returns a handle to flush
 * and shut it down. It builds and registers a tracer provider and (when metrics are exported) a
 * meter provider with:
 *
 * - a resource with provenance: service name and version, `vcs.ref.head.revision` of the git
 *   checkout, host, OS and process/runtime (`OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES`
 *   apply; explicit options win);
 * - the attribution processor, the ledger processor, and OTLP export of traces through a batch
 *   processor that counts every span it drops, and of metrics through a periodic reader, over
 *   `http/protobuf` (default), `http/json` or `grpc` (`protocol`, `OTEL_EXPORTER_OTLP_*PROTOCOL`);
 *   only the chosen protocol's exporter package is loaded;
 * - the configured sampler, wrapped so that dropped spans are still recorded: sampling reduces
 *   export, never the ledger (see {@link CostPreservingSampler});
 * - the AsyncLocalStorage context manager and the W3C propagators (`OTEL_PROPAGATORS` applies);
 * - a `service.instance.id` per process (a random UUID unless set), so that two runs of one
 *   service are two series.
 *
 * With no endpoint configured (no option, no `OTEL_EXPORTER_OTLP_*ENDPOINT`) nothing is exported
 * and nothing waits on a collector: the ledger is written and finished traces are printed as a tree
 * to stderr. `init` is the only function that registers OpenTelemetry globals; a second call
 * returns the running handle with a diag warning. Bad options and bad `OTEL_*` values throw here,
 * with every problem in one message; malformed `OTEL_RESOURCE_ATTRIBUTES` or `OTEL_EXPORTER_OTLP_HEADERS`
 * are reported once through diag. `OTEL_SDK_DISABLED=true` returns a handle that does nothing.
 * Await `shutdown()` before the process ends. As a safety net a script that forgets it is shut
 * down once when its event loop runs dry (`beforeExit`); `process.exit()` and signals skip that
 * (the ledger flushes itself on those too). init never calls `process.exit`.
 *
 * @example
 * ```ts
 * import { init } from '@tokentrail/node';
 *
 * const telemetry = init({ serviceName: 'billing', endpoint: 'http://localhost:4318' });
 * await runJob();
 * await telemetry.shutdown(); // exports what is left; never rejects
 * ```
 */
export function init(options: InitOptions = {}): TokentrailHandle {
  const opts = parseInitOptions(options);
  applyLogLevel();
  const env = readEnvConfig();
  if (opts.disabled ?? env.disabled) return disabledHandle();
  if (active !== undefined) {
    diag.warn('tokentrail: init() was called again; returning the running handle (the new options are ignored)');
    return active;
  }
  const config = resolveConfig(opts, env);
  for (const notice of config.notices) diag.warn(notice);
  const pipeline = buildPipeline(opts, config);
  try {
    applyCoreSettings(opts);
    const providers = startProviders(pipeline, config, opts.instrumentations ?? []);
    const handle = new InitHandle(providers, pipeline, config, () => {
      if (active === handle) active = undefined;
    });
    active = handle;
    return handle;
  } catch (err) {
    const own = pipeline.spanProcessors.filter((p) => !(opts.spanProcessors ?? []).includes(p));
    for (const p of own) p.shutdown().catch(() => undefined);
    throw err;
  }
}
