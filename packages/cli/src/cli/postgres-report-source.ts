import type { LedgerReport, LedgerReportOptions } from '../report/ledger-report.js';

/** The one function `tokentrail report --from postgres://…` needs from `@tokentrail/postgres`. */
interface PostgresReportModule {
  postgresLedgerReport(url: string, options: Omit<LedgerReportOptions, 'path'>): Promise<LedgerReport>;
}

// A variable specifier: the node package must not depend on the postgres package (that one
// depends on this one), and users who never read from PostgreSQL never load `pg`.
const POSTGRES_PACKAGE = '@tokentrail/postgres';

/**
 * True for a `postgres://` or `postgresql://` URL, the sources `--from` reads with SQL.
 *
 * @example
 * ```ts
 * isPostgresUrl('postgres://localhost/costs'); // true
 * ```
 */
export function isPostgresUrl(value: string): boolean {
  return /^postgres(ql)?:\/\//i.test(value);
}

/**
 * Runs the report in PostgreSQL through `@tokentrail/postgres`, loaded only now. A missing package
 * becomes one line telling the user what to install.
 *
 * @example
 * ```ts
 * const report = await postgresReport('postgres://localhost/costs', { by: 'model' });
 * ```
 */
export async function postgresReport(url: string, options: Omit<LedgerReportOptions, 'path'>): Promise<LedgerReport> {
  let mod: PostgresReportModule;
  try {
    mod = (await import(POSTGRES_PACKAGE)) as PostgresReportModule;
  } catch (err) {
    const code = (err as { code?: unknown } | null)?.code;
    if (code === 'ERR_MODULE_NOT_FOUND' || code === 'MODULE_NOT_FOUND') {
      throw new Error(`--from ${url.split('://')[0]}://… needs the ${POSTGRES_PACKAGE} package: npm install ${POSTGRES_PACKAGE}`);
    }
    throw err;
  }
  return mod.postgresLedgerReport(url, options);
}
