import { formatCount } from '../report/format-numbers.js';

/** Where progress goes: a stream that may say it is a terminal. */
export interface ProgressStream {
  write(chunk: string): unknown;
  isTTY?: boolean;
}

/** Options of {@link startScanProgress}. */
export interface ScanProgressOptions {
  /** Quiet for this long before the first line (default 1,500 ms). */
  delayMs?: number;
  /** Between updates (default 500 ms). */
  intervalMs?: number;
}

/** A running progress line: count rows into it, stop it when the scan ends. */
export interface ScanProgress {
  row(): void;
  stop(): void;
}

/**
 * A one-line "scanned N rows" indicator on a terminal's stderr, shown only when a scan outlasts
 * `delayMs` (a short report prints nothing extra) and erased when it stops. Writes nothing when
 * the stream is not a TTY, so piped or captured stderr stays clean.
 */
export function startScanProgress(stream: ProgressStream, label: string, options: ScanProgressOptions = {}): ScanProgress {
  let rows = 0;
  if (stream.isTTY !== true) return { row: () => void rows++, stop: () => undefined };
  const started = Date.now();
  let shown = false;
  const draw = (): void => {
    shown = true;
    stream.write(`\r\x1b[K${label}: ${formatCount(rows)} rows, ${((Date.now() - started) / 1000).toFixed(1)} s`);
  };
  let interval: NodeJS.Timeout | undefined;
  const first = setTimeout(() => {
    draw();
    interval = setInterval(draw, options.intervalMs ?? 500);
    interval.unref();
  }, options.delayMs ?? 1500);
  first.unref();
  return {
    row: () => void rows++,
    stop: () => {
      clearTimeout(first);
      if (interval) clearInterval(interval);
      if (shown) stream.write('\r\x1b[K');
    },
  };
}
