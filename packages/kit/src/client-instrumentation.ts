import { InstrumentationBase, InstrumentationNodeModuleDefinition } from '@opentelemetry/instrumentation';
import type { MeterProvider, TracerProvider } from '@opentelemetry/api';
import type { InstrumentationConfig } from '@opentelemetry/instrumentation';
import { exportedClass } from './exported-class.js';
import { keepMeterProvider, keepTracerProvider, ownProviders } from './own-providers.js';
import type { OwnProviders } from './own-providers.js';
import type { PatchRegistry, Restore } from './patch-registry.js';

/** What a provider package tells {@link ClientInstrumentation} about its client module. */
export interface ClientModuleSpec<O, K> {
  /** Instrumentation scope name, e.g. `@tokentrail/openai`. */
  name: string;
  version: string;
  /** The module to hook, e.g. `openai`. */
  module: string;
  /** Semver ranges of the module that are patched. */
  supportedVersions: string[];
  /** The exported class whose resources are patched (looked up by name, then as `default`). */
  className: string;
  /** The package's registry (shared with its instance wrapper). */
  registry: PatchRegistry<O>;
  /**
   * Validates the provider options out of the config; throws on bad options. `providers` (absent
   * when only validating) is the instrumentation's live provider holder, to be kept in the result
   * and passed to each call's `traceLLM` options.
   */
  parse(config: InstrumentationConfig, providers?: OwnProviders): O;
  /** Patches the class's resource prototypes, pushing one undo per change. */
  patchClass(cls: K, options: () => O, restore: Restore[]): void;
}

/**
 * The OTel `Instrumentation` every tokentrail provider package builds on: one module definition
 * (require hook for CJS, import-in-the-middle for ESM) whose patch wraps the client class's
 * resource prototypes through the package's {@link PatchRegistry}, keyed by the class, so a second
 * registered instance adds an owner instead of a second wrapper and the originals come back when
 * the last one is disabled. `manuallyInstrument(module)` serves bundled apps and modules imported
 * before registration; `disable()` undoes that as well. Providers given with `setTracerProvider` /
 * `setMeterProvider` are where the calls' spans and metrics go (the global ones otherwise); with
 * two registered instances of one class, the last one to patch decides.
 */
export abstract class ClientInstrumentation<C extends InstrumentationConfig, O, K> extends InstrumentationBase<C> {
  private manual?: Set<object>;

  protected constructor(spec: ClientModuleSpec<O, K>, config: C) {
    // Invalid options throw here, before anything is hooked.
    spec.parse(config);
    super(spec.name, spec.version, config);
  }

  /**
   * The subclass's module spec. A prototype method rather than a field because the base
   * constructor calls `init()` (and may patch) before subclass fields exist.
   */
  protected abstract spec(): ClientModuleSpec<O, K>;

  protected init(): InstrumentationNodeModuleDefinition[] {
    const spec = this.spec();
    return [
      new InstrumentationNodeModuleDefinition(
        spec.module,
        spec.supportedVersions,
        (moduleExports) => {
          this.patchModule(moduleExports);
          return moduleExports;
        },
        (moduleExports) => {
          this.unpatchModule(moduleExports);
        },
      ),
    ];
  }

  /**
   * Patches an already imported client module: bundled apps (no require/import hook sees the
   * module), aliased installs, or an import made before the instrumentation was registered.
   * `disable()` undoes it.
   *
   * @example
   * ```ts
   * import * as openai from 'openai';
   * new OpenAIInstrumentation().manuallyInstrument(openai);
   * ```
   */
  manuallyInstrument(moduleExports: unknown): void {
    (this.manual ??= new Set()).add(moduleExports as object);
    this.patchModule(moduleExports);
  }

  override setConfig(config: C = {} as C): void {
    this.spec().parse(config);
    super.setConfig(config);
  }

  override setTracerProvider(provider: TracerProvider): void {
    super.setTracerProvider(provider);
    keepTracerProvider(this, provider);
  }

  override setMeterProvider(provider: MeterProvider): void {
    super.setMeterProvider(provider);
    keepMeterProvider(this, provider);
  }

  override disable(): void {
    super.disable();
    for (const moduleExports of this.manual ?? []) this.unpatchModule(moduleExports);
    this.manual?.clear();
  }

  private patchModule(moduleExports: unknown): void {
    const spec = this.spec();
    const cls = exportedClass<K & object>(moduleExports, spec.className);
    if (!cls) {
      this._diag.warn(`${spec.name}: the ${spec.module} module has no ${spec.className} class; nothing patched`);
      return;
    }
    let options: O;
    try {
      options = spec.parse(this.getConfig(), ownProviders(this));
    } catch (err) {
      this._diag.error(`${spec.name}: invalid options; nothing patched`, err);
      return;
    }
    spec.registry.install(cls, this, options, (current, restore) => spec.patchClass(cls, current, restore));
  }

  private unpatchModule(moduleExports: unknown): void {
    const spec = this.spec();
    const cls = exportedClass<K & object>(moduleExports, spec.className);
    if (cls) spec.registry.uninstall(cls, this);
  }
}
