/**
 * The entries of a `key=value,key=value` environment variable (the W3C baggage format that
 * `OTEL_RESOURCE_ATTRIBUTES` and `OTEL_EXPORTER_OTLP_HEADERS` use) that do not parse, each with
 * the reason. An empty result means the value is well-formed.
 *
 * @example
 * ```ts
 * malformedEntries('a=1,broken,b=%ZZ'); // ['"broken" has no "="', '"b=%ZZ" is not valid percent-encoding']
 * ```
 */
export function malformedEntries(raw: string): string[] {
  const problems: string[] = [];
  for (const entry of raw.split(',')) {
    const trimmed = entry.trim();
    if (trimmed === '') continue;
    const eq = trimmed.indexOf('=');
    if (eq < 0) {
      problems.push(`${JSON.stringify(trimmed)} has no "="`);
      continue;
    }
    const key = trimmed.slice(0, eq).trim();
    const value = trimmed.slice(eq + 1).trim();
    if (key === '' || value === '') {
      problems.push(`${JSON.stringify(trimmed)} has an empty ${key === '' ? 'key' : 'value'}`);
      continue;
    }
    try {
      decodeURIComponent(key);
      decodeURIComponent(value);
    } catch {
      problems.push(`${JSON.stringify(trimmed)} is not valid percent-encoding`);
    }
  }
  return problems;
}
