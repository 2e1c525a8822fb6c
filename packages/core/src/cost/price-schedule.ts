import type { ModelInfo } from '@pydantic/genai-prices';
import { compileModelPrice } from './rate-plan.js';
import type { RatePlan } from './rate-plan.js';

type When =
  | { kind: 'always' }
  | { kind: 'from'; startMs: number }
  | { kind: 'daily'; startSec: number; endSec: number };

/**
 * A model's plans over time: one plan, or the table's conditional prices (a later start date, or
 * a UTC time-of-day window such as an off-peak discount) compiled once.
 */
export type PriceSchedule = { kind: 'fixed'; plan: RatePlan } | { kind: 'timed'; entries: { when: When; plan: RatePlan }[] };

const TIME_OF_DAY = /^(\d{2}):(\d{2}):(\d{2})(?:\.(\d+))?(Z|([+-])(\d{2}):(\d{2}))$/;

/** Seconds after UTC midnight of an `HH:MM:SS[.fff](Z|±hh:mm)` time, or undefined if malformed. */
function utcSecondOfDay(text: unknown): number | undefined {
  if (typeof text !== 'string') return undefined;
  const m = TIME_OF_DAY.exec(text);
  if (!m) return undefined;
  const [, hh, mm, ss, frac = '', zone, sign, oh = '00', om = '00'] = m;
  const h = Number(hh);
  const min = Number(mm);
  const s = Number(ss);
  if (h > 23 || min > 59 || s > 59 || Number(oh) > 23 || Number(om) > 59) return undefined;
  const local = h * 3600 + min * 60 + s + Number(`0.${frac}`);
  const offset = zone === 'Z' ? 0 : (sign === '+' ? 1 : -1) * (Number(oh) * 60 + Number(om)) * 60;
  return (local - offset + 86_400) % 86_400;
}

function compileWhen(constraint: unknown): When | undefined {
  if (constraint === undefined) return { kind: 'always' };
  const c = constraint as { type?: unknown; start_date?: unknown; start_time?: unknown; end_time?: unknown };
  if (c.type === 'start_date' && typeof c.start_date === 'string') {
    return { kind: 'from', startMs: new Date(c.start_date).getTime() };
  }
  if (c.type === 'time_of_date') {
    const startSec = utcSecondOfDay(c.start_time);
    const endSec = utcSecondOfDay(c.end_time);
    if (startSec === undefined || endSec === undefined) return undefined;
    return { kind: 'daily', startSec, endSec };
  }
  return undefined;
}

/**
 * Compiles a table entry's prices, or returns `undefined` when any part cannot be reproduced
 * (the caller then prices the entry through `calcPrice`).
 *
 * @example
 * ```ts
 * compileSchedule(model.prices); // { kind: 'fixed', plan: { input: 0.15, … } }
 * ```
 */
export function compileSchedule(prices: ModelInfo['prices']): PriceSchedule | undefined {
  if (!Array.isArray(prices)) {
    const plan = compileModelPrice(prices);
    return plan && { kind: 'fixed', plan };
  }
  if (prices.length === 0) return undefined;
  const entries: { when: When; plan: RatePlan }[] = [];
  for (const conditional of prices) {
    const when = compileWhen(conditional.constraint);
    const plan = compileModelPrice(conditional.prices);
    if (!when || !plan) return undefined;
    entries.push({ when, plan });
  }
  return { kind: 'timed', entries };
}

function applies(when: When, atMs: number): boolean {
  if (when.kind === 'always') return true;
  // NaN (an unparsable start date) never applies, as in the table's own comparison.
  if (when.kind === 'from') return atMs >= when.startMs;
  const sec = (((atMs % 86_400_000) + 86_400_000) % 86_400_000) / 1000;
  // A window whose end is before its start wraps past midnight.
  return when.endSec < when.startSec
    ? sec >= when.startSec || sec < when.endSec
    : sec >= when.startSec && sec < when.endSec;
}

/**
 * Picks the plan in force at a time: the last conditional entry that applies, else the first,
 * matching the price table's own precedence.
 *
 * @example
 * ```ts
 * planAt(schedule, Date.now());
 * ```
 */
export function planAt(schedule: PriceSchedule, atMs: number): RatePlan {
  if (schedule.kind === 'fixed') return schedule.plan;
  const { entries } = schedule;
  for (let i = entries.length - 1; i >= 0; i--) {
    const entry = entries[i]!;
    if (applies(entry.when, atMs)) return entry.plan;
  }
  return entries[0]!.plan;
}
