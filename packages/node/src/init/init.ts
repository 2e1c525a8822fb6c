import { diag } from '@opentelemetry/api';
import { NodeSDK } from '@opentelemetry/sdk-node';
import { configure, configurePricing } from '@tokentrail/core';
import type { CoreSettings } from '@tokentrail/core';
import { readEnvConfig } from './env-config.js';
import { disabledHandle, InitHandle } from './init-handle.js';
import type { TokentrailHandle } from './init-handle.js';
import type { InitOptions } from './init-options.js';
import { parseInitOptions } from './options-schema.js';
import { registeredGlobals } from './otel-globals.js';
import { buildPipeline } from './pipeline.js';
import type { Pipeline } from './pipeline.js';
import { resolveConfig } from './resolve-config.js';
import { loadPriceTable } from '@tokentrail/core';

let active: TokentrailHandle | undefined;

function applyCoreSettings(options: InitOptions): void {
  const settings: Partial<CoreSettings> = {};
  if (options.captureContent !== undefined) settings.captureContent = options.captureContent;
  if (options.redact !== undefined) settings.redact = options.redact;
  if (options.maxContentLength !== undefined) settings.maxContentLength = options.maxContentLength;
  if (Object.keys(settings).length > 0) configure(settings);
  if (options.pricing !== undefined) configurePricing(options.pricing);
}

function refuseForeignProviders(pipeline: Pipeline): void {
  const before = registeredGlobals();
  const clash = before.trace ? 'tracer' : before.metrics && pipeline.metricReaders.length > 0 ? 'meter' : undefined;
  if (clash === undefined) return;
  throw new Error(
    `tokentrail: init() found a global ${clash} provider already registered (another OpenTelemetry setup?). ` +
      'Keep yours and add tokentrailProcessors() to its spanProcessors (and tokentrailViews() to its views) instead.',
  );
}

/** Starts the SDK without the OTLP log exporter NodeSDK would otherwise create from defaults. */
function startWithoutDefaultLogs(sdk: NodeSDK): void {
  if (process.env.OTEL_LOGS_EXPORTER !== undefined) {
    sdk.start(); // the user chose a log exporter: NodeSDK honours it
    return;
  }
  // tokentrail exports no logs; without this NodeSDK would build an http/protobuf log exporter
  // aimed at localhost:4318 and register a global LoggerProvider the app may want to own.
  process.env.OTEL_LOGS_EXPORTER = 'none';
  try {
    sdk.start();
  } finally {
    delete process.env.OTEL_LOGS_EXPORTER;
  }
}

/**
 * Sets up OpenTelemetry for the process with tokentrail's defaults and returns a handle to flush
 * and shut it down. It builds a NodeSDK with:
 *
 * - a resource with provenance: service name and version, `vcs.ref.head.revision` of the git
 *   checkout, host, OS and process/runtime (`OTEL_SERVICE_NAME` and `OTEL_RESOURCE_ATTRIBUTES`
 *   apply; explicit options win);
 * - the attribution processor, the ledger processor, and OTLP/HTTP (JSON) export of traces through a
 *   batch processor and of metrics through a periodic reader;
 * - the configured sampler, wrapped so that dropped spans are still recorded: sampling reduces
 *   export, never the ledger (see {@link CostPreservingSampler});
 * - the AsyncLocalStorage context manager and the W3C propagators (`OTEL_PROPAGATORS` applies).
 *
 * With no endpoint configured (no option, no `OTEL_EXPORTER_OTLP_*ENDPOINT`) nothing is exported
 * and nothing waits on a collector: the ledger is written and finished traces are printed as a tree
 * to stderr. `init` is the only function that registers OpenTelemetry globals; a second call
 * returns the running handle with a diag warning. Bad options and bad `OTEL_*` values throw here,
 * with every problem in one message. `OTEL_SDK_DISABLED=true` returns a handle that does nothing.
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
  const env = readEnvConfig();
  if (opts.disabled ?? env.disabled) return disabledHandle();
  if (active !== undefined) {
    diag.warn('tokentrail: init() was called again; returning the running handle (the new options are ignored)');
    return active;
  }
  // The price table loads lazily; start it now so it is there before the first call ends.
  void loadPriceTable();
  const config = resolveConfig(opts, env);
  const pipeline = buildPipeline(opts, config);
  const globalsBefore = registeredGlobals();
  try {
    refuseForeignProviders(pipeline);
    applyCoreSettings(opts);
    const sdk = new NodeSDK({
      resource: pipeline.resource,
      autoDetectResources: false,
      sampler: config.sampler,
      spanProcessors: pipeline.spanProcessors,
      metricReaders: pipeline.metricReaders,
      instrumentations: opts.instrumentations ?? [],
    });
    startWithoutDefaultLogs(sdk);
    const handle = new InitHandle(sdk, pipeline, config, globalsBefore, () => {
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
