import { keyOf } from '../report/aggregate-ledger.js';
import type { ReportGroupBy, ReportRow } from '../report/aggregate-ledger.js';

/** One group's sums inside one time bucket. */
export interface BucketGroup {
  cost: number;
  calls: number;
  errors: number;
  unpriced: number;
  credits: number;
}

/** One time bucket: per-group sums plus the bucket's token totals. */
export interface TimelineBucket {
  /** Bucket start, unix seconds. */
  start: number;
  groups: Map<string | null, BucketGroup>;
  input: number;
  output: number;
  cached: number;
}

/** Cost and calls of one trace (all of its ledger rows). */
export interface TraceCost {
  traceId: string;
  cost: number;
  calls: number;
  unpriced: number;
  errors: number;
  inputTokens: number;
  outputTokens: number;
  first: number;
  last: number;
  models: string[];
}

const MAX_MODELS_PER_TRACE = 4;

/** Options of {@link LedgerTimeline}. */
export interface LedgerTimelineOptions {
  by: ReportGroupBy;
  /** At most this many buckets; the width doubles when the rows span more (default 240). */
  maxBuckets?: number;
  /** Traces kept exactly before pruning (default 20,000). */
  traceCapacity?: number;
}

/**
 * The time-shaped view of a ledger scan, in memory bounded by its options rather than by the
 * rows: buckets whose width starts at one minute and doubles whenever the rows span more than
 * `maxBuckets` buckets, and per-trace cost sums for the most expensive traces. When more than
 * twice `traceCapacity` traces are open, the cheaper half is dropped and the largest dropped sum
 * is kept as {@link traceUndercountBound}: a trace whose rows came back after it was dropped is
 * short by what was dropped (0 means every figure is exact).
 */
export class LedgerTimeline {
  private readonly _by: ReportGroupBy;
  private readonly _maxBuckets: number;
  private readonly _traceCapacity: number;
  private _width = 60;
  private _buckets = new Map<number, TimelineBucket>();
  private readonly _traces = new Map<string, TraceCost>();
  private _undercount = 0;
  private _rowsWithoutTrace = 0;

  constructor(options: LedgerTimelineOptions) {
    this._by = options.by;
    this._maxBuckets = options.maxBuckets ?? 240;
    this._traceCapacity = options.traceCapacity ?? 20_000;
  }

  /** Bucket width in seconds. */
  get bucketSeconds(): number {
    return this._width;
  }

  /** The largest trace sum dropped while pruning (0: every trace sum is exact). */
  get traceUndercountBound(): number {
    return this._undercount;
  }

  /** Rows that carried no `extra.trace_id` (left out of the trace ranking). */
  get rowsWithoutTrace(): number {
    return this._rowsWithoutTrace;
  }

  /** Number of traces currently held (never more than twice the capacity). */
  get tracesHeld(): number {
    return this._traces.size;
  }

  add(row: ReportRow): void {
    const unpriced = row.extra?.priced === false;
    const error = row.error_class !== null && row.error_class !== undefined;
    const credits = typeof row.extra?.credits_charged === 'number' && Number.isFinite(row.extra.credits_charged) ? row.extra.credits_charged : 0;
    const bucket = this._bucketFor(row.timestamp);
    const key = keyOf(row, this._by);
    let g = bucket.groups.get(key);
    if (g === undefined) {
      g = { cost: 0, calls: 0, errors: 0, unpriced: 0, credits: 0 };
      bucket.groups.set(key, g);
    }
    g.calls++;
    g.cost += row.cost_usd;
    g.credits += credits;
    if (error) g.errors++;
    if (unpriced) g.unpriced++;
    bucket.input += row.input_tokens;
    bucket.output += row.output_tokens;
    bucket.cached += typeof row.cached_tokens === 'number' ? row.cached_tokens : 0;
    this._addTrace(row, unpriced, error);
  }

  /** Buckets in time order. */
  buckets(): TimelineBucket[] {
    return [...this._buckets.values()].sort((a, b) => a.start - b.start);
  }

  /** The `n` most expensive traces, highest cost first (ties: more calls, then earlier). */
  topTraces(n: number): TraceCost[] {
    return [...this._traces.values()].sort(byCost).slice(0, n);
  }

  private _bucketFor(timestamp: number): TimelineBucket {
    let start = Math.floor(timestamp / this._width) * this._width;
    let bucket = this._buckets.get(start);
    if (bucket === undefined) {
      if (this._buckets.size >= this._maxBuckets) {
        // Wider buckets until the span fits again; merging keeps every sum.
        const all = [...this._buckets.keys(), start];
        const span = Math.max(...all) - Math.min(...all);
        while (span / this._width >= this._maxBuckets - 1) this._width *= 2;
        this._rebucket();
        start = Math.floor(timestamp / this._width) * this._width;
        bucket = this._buckets.get(start);
      }
      if (bucket === undefined) {
        bucket = { start, groups: new Map(), input: 0, output: 0, cached: 0 };
        this._buckets.set(start, bucket);
      }
    }
    return bucket;
  }

  private _rebucket(): void {
    const old = this._buckets;
    this._buckets = new Map();
    for (const b of old.values()) {
      const start = Math.floor(b.start / this._width) * this._width;
      let into = this._buckets.get(start);
      if (into === undefined) {
        into = { start, groups: new Map(), input: 0, output: 0, cached: 0 };
        this._buckets.set(start, into);
      }
      into.input += b.input;
      into.output += b.output;
      into.cached += b.cached;
      for (const [key, g] of b.groups) {
        const t = into.groups.get(key);
        if (t === undefined) into.groups.set(key, { ...g });
        else {
          t.cost += g.cost;
          t.calls += g.calls;
          t.errors += g.errors;
          t.unpriced += g.unpriced;
          t.credits += g.credits;
        }
      }
    }
  }

  private _addTrace(row: ReportRow, unpriced: boolean, error: boolean): void {
    const id = row.extra?.trace_id;
    if (typeof id !== 'string' || id === '') {
      this._rowsWithoutTrace++;
      return;
    }
    let t = this._traces.get(id);
    if (t === undefined) {
      t = { traceId: id, cost: 0, calls: 0, unpriced: 0, errors: 0, inputTokens: 0, outputTokens: 0, first: row.timestamp, last: row.timestamp, models: [] };
      this._traces.set(id, t);
    }
    t.cost += row.cost_usd;
    t.calls++;
    if (unpriced) t.unpriced++;
    if (error) t.errors++;
    t.inputTokens += row.input_tokens;
    t.outputTokens += row.output_tokens;
    t.first = Math.min(t.first, row.timestamp);
    t.last = Math.max(t.last, row.timestamp);
    if (row.model !== '' && !t.models.includes(row.model) && t.models.length < MAX_MODELS_PER_TRACE) t.models.push(row.model);
    if (this._traces.size > 2 * this._traceCapacity) this._prune();
  }

  private _prune(): void {
    const sorted = [...this._traces.values()].sort(byCost);
    for (const t of sorted.slice(this._traceCapacity)) {
      this._undercount = Math.max(this._undercount, t.cost);
      this._traces.delete(t.traceId);
    }
  }
}

function byCost(a: TraceCost, b: TraceCost): number {
  return b.cost - a.cost || b.calls - a.calls || a.first - b.first;
}
