/**
 * Quotes one SQL identifier the way PostgreSQL's `quote_ident` does, so a table named by the
 * user can never turn into SQL of its own.
 */
export function quoteIdent(name: string): string {
  return `"${name.replace(/"/g, '""')}"`;
}

/** `"schema"."table"`, or just `"table"` to follow the connection's `search_path`. */
export function qualifiedTable(table: string, schema: string | undefined): string {
  return schema === undefined ? quoteIdent(table) : `${quoteIdent(schema)}.${quoteIdent(table)}`;
}

/**
 * Index and constraint names derived from the table name, cut to PostgreSQL's 63-byte identifier
 * limit (a longer name would be truncated silently and could collide).
 */
export function derivedName(table: string, suffix: string): string {
  const room = 63 - suffix.length - 1;
  return `${Buffer.from(table).subarray(0, room).toString()}_${suffix}`;
}
