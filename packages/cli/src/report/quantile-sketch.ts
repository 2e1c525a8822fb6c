/**
 * A fixed-precision log-bucket histogram (the DDSketch idea) for p50/p95 over any number of values
 * in bounded memory. Each positive value falls in bucket `ceil(log_γ v)` with
 * `γ = (1 + α) / (1 − α)`; a quantile is answered with the bucket's midpoint `2γ^i / (γ + 1)`, which
 * is within relative error α of the exact nearest-rank quantile. With the default α = 1% and values
 * between 1 µs and 1 day, a sketch never holds more than ~1,200 buckets, however many values it saw.
 * Values ≤ 1e-9 (including 0) are kept in a separate zero bucket and reported as 0.
 *
 * @example
 * ```ts
 * const s = new QuantileSketch();
 * for (const d of durations) s.add(d);
 * s.quantile(0.95); // within 1% of the exact p95
 * ```
 */
export class QuantileSketch {
  /** The relative error bound of every quantile this sketch returns. */
  readonly relativeError: number;
  private readonly _gamma: number;
  private readonly _logGamma: number;
  private readonly _buckets = new Map<number, number>();
  private _zero = 0;
  private _count = 0;
  private _min = Infinity;
  private _max = -Infinity;

  constructor(relativeError = 0.01) {
    if (!(relativeError > 0 && relativeError < 1)) throw new RangeError('relativeError must be in (0, 1)');
    this.relativeError = relativeError;
    this._gamma = (1 + relativeError) / (1 - relativeError);
    this._logGamma = Math.log(this._gamma);
  }

  /** Number of values added. */
  get count(): number {
    return this._count;
  }

  /** Number of buckets in use: the sketch's memory footprint. */
  get bucketCount(): number {
    return this._buckets.size + (this._zero > 0 ? 1 : 0);
  }

  /** Adds one value; negative, NaN and infinite values are ignored. */
  add(value: number): void {
    if (!Number.isFinite(value) || value < 0) return;
    this._count++;
    if (value < this._min) this._min = value;
    if (value > this._max) this._max = value;
    if (value <= 1e-9) {
      this._zero++;
      return;
    }
    const i = Math.ceil(Math.log(value) / this._logGamma);
    this._buckets.set(i, (this._buckets.get(i) ?? 0) + 1);
  }

  /**
   * The nearest-rank quantile `q` in [0, 1] (the smallest value with at least `ceil(q·n)` values at
   * or below it), within `relativeError`; `undefined` when empty. Answers are clamped to the
   * smallest and largest value seen, so a single value (or a set of equal ones) is returned exactly.
   */
  quantile(q: number): number | undefined {
    const v = this._bucketQuantile(q);
    return v === undefined ? undefined : Math.min(this._max, Math.max(this._min, v));
  }

  private _bucketQuantile(q: number): number | undefined {
    if (this._count === 0) return undefined;
    const rank = Math.max(1, Math.ceil(Math.min(1, Math.max(0, q)) * this._count));
    if (rank <= this._zero) return 0;
    let seen = this._zero;
    const keys = [...this._buckets.keys()].sort((a, b) => a - b);
    for (const k of keys) {
      seen += this._buckets.get(k) ?? 0;
      if (seen >= rank) return (2 * Math.pow(this._gamma, k)) / (this._gamma + 1);
    }
    const last = keys[keys.length - 1] ?? 0;
    return (2 * Math.pow(this._gamma, last)) / (this._gamma + 1);
  }
}
