import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { forEachLine } from '@tokentrail/kit/node';
import { tempDir } from '../../../node/test/ledger/helpers.js';

const cleanups: Array<() => void> = [];
afterEach(() => {
  while (cleanups.length) cleanups.pop()!();
});

async function linesOf(content: string | Buffer, max?: number): Promise<{ lines: string[]; oversized: number }> {
  const tmp = tempDir();
  cleanups.push(tmp.cleanup);
  const path = join(tmp.dir, 'f.jsonl');
  writeFileSync(path, content);
  const lines: string[] = [];
  const { oversizedLines } = await forEachLine(path, (l) => void lines.push(l), max);
  return { lines, oversized: oversizedLines };
}

describe('forEachLine', () => {
  it('splits like readline: CRLF, blank lines, a last line without newline', async () => {
    expect(await linesOf('a\r\nb\n\nc')).toEqual({ lines: ['a', 'b', '', 'c'], oversized: 0 });
    expect(await linesOf('')).toEqual({ lines: [], oversized: 0 });
  });

  it('keeps lines and multi-byte characters whole across read chunks (1 MiB)', async () => {
    const wide = '漢字🎉'.repeat(50_000); // ~550 KB per line, so lines straddle chunk boundaries
    const { lines } = await linesOf(`${wide}\n${wide}x\n${wide}y`);
    expect(lines).toEqual([wide, `${wide}x`, `${wide}y`]);
  });

  it('skips and counts lines over the cap, wherever they fall, and goes on after them', async () => {
    const long = 'z'.repeat(3_000_000);
    const { lines, oversized } = await linesOf(`ok1\n${long}\nok2\n${'q'.repeat(11)}\nok3\n${long}`, 10);
    expect(lines).toEqual(['ok1', 'ok2', 'ok3']);
    expect(oversized).toBe(3);
  });
});
