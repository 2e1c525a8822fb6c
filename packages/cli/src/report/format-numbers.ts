// Number formatting shared by the text table, the CSV and the HTML report.

const GROUPED = new Intl.NumberFormat('en-US', { maximumFractionDigits: 0 });

/** An integer count with thousands separators: `1,234,567`. */
export function formatCount(n: number): string {
  return GROUPED.format(n);
}

/**
 * A USD amount that never hides a small cost: two decimals (grouped) from $1 up, otherwise four
 * significant digits in plain decimals, so a $1e-7 embedding shows as `0.0000001000`, not `0.000000`.
 */
export function formatUsd(n: number): string {
  if (n === 0) return '0';
  const abs = Math.abs(n);
  if (abs >= 1) return new Intl.NumberFormat('en-US', { minimumFractionDigits: 2, maximumFractionDigits: 2 }).format(n);
  const decimals = Math.min(15, 3 - Math.floor(Math.log10(abs)));
  return n.toFixed(decimals);
}

/**
 * A number for machine-read output (CSV) without float noise: at most 12 significant digits,
 * so a sum like 2.5500000000000003 prints as 2.55; no separators, no exponent for ordinary sizes.
 */
export function plainNumber(n: number): string {
  if (!Number.isFinite(n)) return '';
  const v = Number(n.toPrecision(12));
  const s = String(v);
  if (!s.includes('e')) return s;
  // 1e-7 → 0.0000001: plain decimals read the same in every spreadsheet and script.
  const fixed = v.toFixed(Math.max(0, Math.min(100, 12 - Math.floor(Math.log10(Math.abs(v))))));
  return fixed.includes('.') ? fixed.replace(/0+$/, '').replace(/\.$/, '') : fixed;
}

/** Seconds with three decimals, `-` for no value. */
export function formatSeconds(n: number | null | undefined): string {
  return n === null || n === undefined ? '-' : n.toFixed(3);
}

/** A 0–1 share as a percentage with one decimal, `-` for no value. */
export function formatPercent(n: number | null | undefined): string {
  return n === null || n === undefined ? '-' : `${(n * 100).toFixed(1)}%`;
}
