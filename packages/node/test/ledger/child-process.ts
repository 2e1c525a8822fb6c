import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const TSCONFIG = fileURLToPath(new URL('../../../../tsconfig.json', import.meta.url));

/** How a child process ended, with everything it printed. */
export interface ChildResult {
  code: number | null;
  signal: NodeJS.Signals | null;
  stdout: string;
  stderr: string;
  /** True when the parent had to kill it at `timeoutMs`. */
  timedOut: boolean;
}

/** Options of {@link runTsChild}. */
export interface RunOptions {
  /** Called with each stdout chunk and a way to signal the child. */
  onStdout?: (text: string, kill: (s: NodeJS.Signals) => void) => void;
  /** The child is SIGKILLed after this long (it must never outlive a test). */
  timeoutMs?: number;
  /** Runs the child under `prlimit` with these limits, e.g. `['--fsize=300000']`. */
  prlimit?: string[];
  env?: NodeJS.ProcessEnv;
  /** Extra Node flags, e.g. `['--max-old-space-size=128']`. */
  nodeArgs?: string[];
}

/**
 * Runs a TypeScript file in a child Node process through tsx (the root tsconfig maps
 * `@tokentrail/*` to the sources), bounded in time.
 */
export function runTsChild(file: string, args: string[], opts: RunOptions = {}): Promise<ChildResult> {
  const node = [process.execPath, ...(opts.nodeArgs ?? []), '--import', 'tsx', file, ...args];
  const [cmd, ...argv] = opts.prlimit ? ['prlimit', ...opts.prlimit, ...node] : node;
  return new Promise((resolve, reject) => {
    const child = spawn(cmd!, argv, {
      env: { ...process.env, TSX_TSCONFIG_PATH: TSCONFIG, ...opts.env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let stdout = '';
    let stderr = '';
    let timedOut = false;
    const timer = setTimeout(() => {
      timedOut = true;
      child.kill('SIGKILL');
    }, opts.timeoutMs ?? 45_000);
    child.stderr.on('data', (d: Buffer) => (stderr += d.toString()));
    child.stdout.on('data', (d: Buffer) => {
      stdout += d.toString();
      opts.onStdout?.(d.toString(), (s) => child.kill(s));
    });
    child.on('error', (err) => {
      clearTimeout(timer);
      reject(err);
    });
    child.on('close', (code, signal) => {
      clearTimeout(timer);
      resolve({ code, signal, stdout, stderr, timedOut });
    });
  });
}

/** What a JSONL file holds, line by line. */
export interface LineCensus {
  /** Non-blank lines that parse as JSON. */
  parsed: unknown[];
  /** Non-blank lines before the last one that do not parse: torn lines in the middle of the file. */
  tornMidFile: number;
  /** Blank or whitespace-only lines (a repaired fragment, or an empty line): every reader skips them. */
  blank: number;
  /** The text after the last newline ('' when the file ends with one). */
  tail: string;
}

/** Splits JSONL text into what parsed, what is torn mid-file, and the unterminated tail. */
export function censusOf(text: string): LineCensus {
  const lines = text.split('\n');
  const tail = lines.pop() ?? '';
  const census: LineCensus = { parsed: [], tornMidFile: 0, blank: 0, tail };
  for (const line of lines) {
    if (line.trim() === '') {
      census.blank++;
      continue;
    }
    try {
      census.parsed.push(JSON.parse(line));
    } catch {
      census.tornMidFile++;
    }
  }
  if (tail.trim() !== '') {
    try {
      census.parsed.push(JSON.parse(tail));
      census.tail = '';
    } catch {
      // a torn last line: allowed, readers skip it
    }
  }
  return census;
}
