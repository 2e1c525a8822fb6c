const UNIT_SECONDS: Record<string, number> = { s: 1, m: 60, h: 3600, d: 86_400, w: 604_800 };

/**
 * Parses a `--since` / `--until` bound into unix seconds: a duration back from `now` (`90s`, `30m`,
 * `24h`, `7d`, `2w`), an ISO 8601 date or date-time (`2025-12-15`, `2025-12-15T08:00:00Z`), or
 * plain unix seconds (`1765785600`). Throws a one-line error for anything else.
 *
 * @example
 * ```ts
 * parseTimeBound('24h', Date.now() / 1000); // now − 86400
 * ```
 */
export function parseTimeBound(text: string, nowSeconds: number): number {
  const s = text.trim();
  const rel = /^(\d+(?:\.\d+)?)\s*([smhdw])$/i.exec(s);
  if (rel) return nowSeconds - Number(rel[1]) * (UNIT_SECONDS[rel[2]!.toLowerCase()] ?? 1);
  if (/^\d+(?:\.\d+)?$/.test(s)) return Number(s);
  if (/^\d{4}-\d{2}-\d{2}/.test(s)) {
    const ms = Date.parse(s);
    if (Number.isFinite(ms)) return ms / 1000;
  }
  throw new Error(`invalid time "${text}": use a duration like 24h / 7d / 30m, an ISO date, or unix seconds`);
}
