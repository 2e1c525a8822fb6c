import { diag } from '@opentelemetry/api';
import type * as GenaiPrices from '@pydantic/genai-prices';

/**
 * The bundled `@pydantic/genai-prices` table, loaded on first use rather than at import: it is the
 * heaviest module the core depends on, and an app that imports the core pays for it only once a
 * call is priced. Every LLM span waits for it (briefly, once per process) before it ends, so no
 * call is left unpriced because the table was still loading.
 */
type PriceTableModule = typeof GenaiPrices;

let table: PriceTableModule | undefined;
let loading: Promise<boolean> | undefined;

function load(): Promise<boolean> {
  loading ??= import('@pydantic/genai-prices').then(
    (mod) => {
      // The CommonJS build of the table arrives as a namespace whose default export holds the functions.
      const candidate = (typeof (mod as PriceTableModule).calcPrice === 'function' ? mod : (mod as { default?: unknown }).default) as PriceTableModule;
      table = candidate;
      return true;
    },
    (err: unknown) => {
      diag.error('tokentrail: the bundled price table could not be loaded; calls stay unpriced', err);
      return false;
    },
  );
  return loading;
}

/** The table when loaded; starts loading it otherwise (and returns undefined). */
export function priceTable(): PriceTableModule | undefined {
  if (table === undefined) void load();
  return table;
}

/** Options of {@link loadPriceTable}. */
export interface LoadPriceTableOptions {
  /**
   * Only wait for a load already under way (started by an LLM call), never start one: what a
   * flush does, so a process that priced nothing does not load the table just to exit.
   */
  ifStarted?: boolean;
}

/**
 * Resolves once the bundled price table is loaded (true) or failed to load (false). LLM spans wait
 * for it on their own; call it before pricing usage directly with {@link priceUsage} at start-up.
 *
 * @example
 * ```ts
 * await loadPriceTable();
 * const price = priceUsage('openai', 'gpt-4o-mini', { inputTokens: 1000, outputTokens: 200 });
 * ```
 */
export function loadPriceTable(options?: LoadPriceTableOptions): Promise<boolean> {
  if (table !== undefined) return Promise.resolve(true);
  if (options?.ifStarted && loading === undefined) return Promise.resolve(false);
  return load();
}

/** Undefined once the table is loaded (the hot path); else the promise of its load. */
export function pendingPriceTable(): Promise<boolean> | undefined {
  return table !== undefined ? undefined : load();
}
