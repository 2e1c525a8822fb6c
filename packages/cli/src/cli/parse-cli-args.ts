import { parseArgs } from 'node:util';

/** The option table {@link parseCliArgs} accepts: `parseArgs`' own, string and boolean flags. */
export type CliOptionSpec = Record<string, { type: 'string' | 'boolean'; short?: string; multiple?: false }>;

/** A usage mistake, with a one-line message that names the flag or the value. */
export class CliUsageError extends Error {}

interface ParsedCli {
  values: Record<string, string | boolean | undefined>;
  positionals: string[];
}

function optionNamed(spec: CliOptionSpec, token: string): string | undefined {
  if (token.startsWith('--')) {
    const name = token.slice(2).split('=')[0]!;
    return Object.hasOwn(spec, name) ? name : undefined;
  }
  if (/^-[A-Za-z]$/.test(token)) return Object.keys(spec).find((k) => spec[k]!.short === token.slice(1));
  return undefined;
}

/**
 * `parseArgs` with messages a person can act on. A string flag followed by a value that starts
 * with `-` (`--since -5h`) takes that value, so the flag's own check says what is wrong with it
 * (Node would call it "ambiguous"); a string flag followed by another flag or nothing says the
 * value is missing; an unknown flag is named in one line (Node's text carries `--` advice with an
 * unbalanced quote).
 */
export function parseCliArgs(argv: readonly string[], spec: CliOptionSpec): ParsedCli {
  const args: string[] = [];
  for (let i = 0; i < argv.length; i++) {
    const token = argv[i]!;
    if (token === '--') {
      args.push(...argv.slice(i));
      break;
    }
    if (token.startsWith('-') && token !== '-') {
      const name = optionNamed(spec, token);
      if (name === undefined) throw new CliUsageError(`unknown option ${token.split('=')[0]}`);
      if (spec[name]!.type === 'string' && !token.includes('=')) {
        const next = argv[i + 1];
        if (next === undefined || (next.startsWith('-') && optionNamed(spec, next) !== undefined) || next === '--') {
          throw new CliUsageError(`--${name} needs a value`);
        }
        args.push(`--${name}=${next}`);
        i++;
        continue;
      }
      if (spec[name]!.type === 'boolean' && token.includes('=')) throw new CliUsageError(`--${name} takes no value`);
    }
    args.push(token);
  }
  try {
    const { values, positionals } = parseArgs({ args, allowPositionals: true, strict: true, options: spec });
    return { values: values as ParsedCli['values'], positionals };
  } catch (err) {
    // Not reachable for the cases above; kept to one line for anything parseArgs adds later.
    throw new CliUsageError(((err as Error).message.split('\n')[0] ?? 'invalid arguments').replace(/\. To specify.*$/, ''));
  }
}
