import type { Queryable } from './transaction';

/**
 * A readable, deterministic dump of the `public` schema (tables, columns, constraints, indexes, views
 * and their columns), the same on PostgreSQL 15 and PGlite. `db/schema.sql` is this dump of a freshly
 * migrated database; a test keeps the two equal. Other schemas (the queue's `pgboss`) are not Tenure's.
 */
export async function dumpSchema(db: Queryable): Promise<string> {
  const columns = await db.query<{ table_name: string; column_name: string; type: string; not_null: boolean; default: string | null; identity: string | null; kind: string }>(`
    SELECT c.relname AS table_name, a.attname AS column_name, format_type(a.atttypid, a.atttypmod) AS type,
           a.attnotnull AS not_null, pg_get_expr(d.adbin, d.adrelid) AS default,
           NULLIF(a.attidentity, '') AS identity, c.relkind AS kind
    FROM pg_class c
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    JOIN pg_attribute a ON a.attrelid = c.oid AND a.attnum > 0 AND NOT a.attisdropped
    LEFT JOIN pg_attrdef d ON d.adrelid = c.oid AND d.adnum = a.attnum
    WHERE c.relkind IN ('r', 'v', 'm')
    ORDER BY c.relkind, c.relname, a.attnum`);
  const constraints = await db.query<{ table_name: string; name: string; def: string }>(`
    SELECT c.relname AS table_name, k.conname AS name, pg_get_constraintdef(k.oid) AS def
    FROM pg_constraint k
    JOIN pg_class c ON c.oid = k.conrelid
    JOIN pg_namespace n ON n.oid = c.relnamespace AND n.nspname = 'public'
    WHERE k.contype <> 'n'
    ORDER BY c.relname, k.conname`);
  const indexes = await db.query<{ indexdef: string }>(`
    SELECT i.indexdef FROM pg_indexes i
    WHERE i.schemaname = 'public'
      AND NOT EXISTS (SELECT 1 FROM pg_constraint k WHERE k.conname = i.indexname AND k.connamespace = 'public'::regnamespace)
    ORDER BY i.tablename, i.indexname`);

  const out: string[] = ['-- Tenure schema: `tenure db schema` on a freshly migrated database. Generated; do not edit.', ''];
  const byTable = new Map<string, typeof columns.rows>();
  for (const c of columns.rows) byTable.set(c.table_name, [...(byTable.get(c.table_name) ?? []), c]);
  for (const [table, cols] of byTable) {
    const isView = cols[0]!.kind !== 'r';
    out.push(`${isView ? 'VIEW' : 'TABLE'} ${table} (`);
    const lines = cols.map((c) => {
      let line = `  ${c.column_name} ${c.type}`;
      if (c.identity) line += ` GENERATED ${c.identity === 'a' ? 'ALWAYS' : 'BY DEFAULT'} AS IDENTITY`;
      if (c.default !== null) line += ` DEFAULT ${c.default}`;
      if (c.not_null && !isView) line += ' NOT NULL';
      return line;
    });
    for (const k of constraints.rows.filter((k) => k.table_name === table)) lines.push(`  CONSTRAINT ${k.name} ${k.def}`);
    out.push(lines.join(',\n'), ');', '');
  }
  for (const i of indexes.rows) out.push(`${i.indexdef.replace(/ ON public\./, ' ON ')};`);
  return out.join('\n') + '\n';
}
