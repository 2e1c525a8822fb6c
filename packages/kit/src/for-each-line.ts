import { createReadStream } from 'node:fs';

/**
 * Longest line handed to a caller, in bytes. A ledger row is under 1 KB and the largest audit
 * record (an RSA generation with its text and token ids) well under a megabyte; anything longer is
 * not a record — typically a block of NUL bytes a power loss left in the file.
 */
export const MAX_JSONL_LINE_BYTES = 16 * 1024 * 1024;

/** What {@link forEachLine} saw besides the lines it handed over. */
export interface LineScan {
  /** Lines longer than the cap: skipped without ever being held in memory. */
  oversizedLines: number;
}

const NEWLINE = 0x0a;
const CR = 0x0d;

/**
 * Streams a file line by line as bytes, and hands each line (UTF-8 decoded, without its `\n` or
 * `\r\n`) to `onLine`. Unlike readline, a line is only assembled when it is short enough: a longer
 * one is skipped and counted as it streams by, so a 600 MB line costs no more memory than a short
 * one, and never hits V8's string-length limit. The last line may lack its newline. When `onLine`
 * returns a promise, reading waits for it.
 *
 * @example
 * ```ts
 * const { oversizedLines } = await forEachLine('costs.jsonl', (line) => rows.push(JSON.parse(line)));
 * ```
 */
export async function forEachLine(
  path: string,
  onLine: (line: string) => void | Promise<void>,
  maxLineBytes = MAX_JSONL_LINE_BYTES,
): Promise<LineScan> {
  const scan: LineScan = { oversizedLines: 0 };
  let parts: Buffer[] = [];
  let held = 0;
  let skipping = false;
  // Returns the callback's promise, if any, so a consumer writing to a slow pipe can apply backpressure.
  const emit = (last: Buffer): void | Promise<void> => {
    if (skipping) {
      scan.oversizedLines++;
      skipping = false;
      return;
    }
    let line = parts.length === 0 ? last : Buffer.concat([...parts, last], held + last.length);
    parts = [];
    held = 0;
    if (line.length > maxLineBytes) {
      scan.oversizedLines++;
      return;
    }
    if (line.length > 0 && line[line.length - 1] === CR) line = line.subarray(0, line.length - 1);
    return onLine(line.toString('utf8'));
  };
  const input = createReadStream(path, { highWaterMark: 1 << 20 });
  try {
    for await (const chunk of input as AsyncIterable<Buffer>) {
      let start = 0;
      for (let nl = chunk.indexOf(NEWLINE); nl !== -1; nl = chunk.indexOf(NEWLINE, start)) {
        const pending = emit(skipping ? chunk.subarray(0, 0) : chunk.subarray(start, nl));
        if (pending !== undefined) await pending;
        start = nl + 1;
      }
      if (start >= chunk.length || skipping) continue;
      const rest = chunk.subarray(start);
      if (held + rest.length > maxLineBytes) {
        // Too long already: drop what is held and skip to the next newline.
        parts = [];
        held = 0;
        skipping = true;
        continue;
      }
      // Copied: the stream may reuse the chunk's memory for its next read.
      parts.push(Buffer.from(rest));
      held += rest.length;
    }
    if (skipping || held > 0) await emit(Buffer.alloc(0));
  } finally {
    input.destroy();
  }
  return scan;
}
