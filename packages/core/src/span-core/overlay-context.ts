import type { Context } from '@opentelemetry/api';

/**
 * A context carrying one more value on top of `base`, without copying it.
 *
 * The API's own `setValue` copies the whole value map; a span start already pays one copy for
 * the span itself, and the LLM call and roll-up keys would each pay another on every call. The
 * overlay is the public `Context` interface and nothing more: a value set later through it lands
 * in a fresh copy of the base (made by the base's own `setValue`) under the same one-value layer,
 * so a chain never grows deeper than the number of distinct overlay keys, and every descendant
 * context keeps the value — the same inheritance a plain `setValue` gives.
 */
class OverlayContext implements Context {
  constructor(
    private readonly _base: Context,
    private readonly _key: symbol,
    private readonly _value: unknown,
  ) {}

  getValue(key: symbol): unknown {
    return key === this._key ? this._value : this._base.getValue(key);
  }

  setValue(key: symbol, value: unknown): Context {
    if (key === this._key) return new OverlayContext(this._base, key, value);
    return new OverlayContext(this._base.setValue(key, value), this._key, this._value);
  }

  deleteValue(key: symbol): Context {
    // The base may hold a shadowed value under the same key: it goes too, as with a plain delete.
    if (key === this._key) return this._base.deleteValue(key);
    return new OverlayContext(this._base.deleteValue(key), this._key, this._value);
  }
}

/** `base.setValue(key, value)` without the copy of `base`'s values (see OverlayContext). */
export function overlayValue(base: Context, key: symbol, value: unknown): Context {
  // On an overlay, its own setValue replaces the key in place or recurses to the base: no deeper chain.
  return base instanceof OverlayContext ? base.setValue(key, value) : new OverlayContext(base, key, value);
}
