import { JsonlFileSink } from './jsonl-file-sink.js';
import { resolveLedgerPath } from './ledger-path.js';
import type { LedgerSink } from './ledger-sink.js';
import { NullLedgerSink } from './ledger-sink.js';

let userDefault: LedgerSink | undefined;
let builtIn: { path: string | false; sink: LedgerSink } | undefined;

/**
 * Replaces the process-wide default sink, used by every ledger processor that was not given a
 * sink or path of its own (the AttributionEvent schema's writer protocol: production code installs its database writer at
 * startup). Takes effect from the next batch. Pass `undefined` to go back to the built-in JSONL
 * file. A value without a `write` function throws here, at configuration time.
 *
 * @example
 * ```ts
 * setDefaultLedgerSink({ write: (rows) => timescale.insertMany('token_usage', rows) });
 * ```
 */
export function setDefaultLedgerSink(sink: LedgerSink | undefined): void {
  if (sink !== undefined && typeof (sink as Partial<LedgerSink> | null)?.write !== 'function') {
    throw new TypeError('tokentrail: setDefaultLedgerSink expects an object with a write(rows) function');
  }
  userDefault = sink;
}

/**
 * The process-wide default sink: the one set with {@link setDefaultLedgerSink}, else the JSONL
 * file at `TOKENTRAIL_LEDGER_PATH` or `~/.tokentrail/costs.jsonl` (a {@link NullLedgerSink} when the
 * variable says `false`). Creating it does no I/O; the file appears with the first row.
 *
 * @example
 * ```ts
 * const sink = getDefaultLedgerSink();
 * if (sink instanceof JsonlFileSink) console.log('ledger at', sink.path);
 * ```
 */
export function getDefaultLedgerSink(): LedgerSink {
  if (userDefault !== undefined) return userDefault;
  const path = resolveLedgerPath();
  if (builtIn === undefined || builtIn.path !== path) {
    builtIn = { path, sink: path === false ? new NullLedgerSink() : new JsonlFileSink(path) };
  }
  return builtIn.sink;
}
